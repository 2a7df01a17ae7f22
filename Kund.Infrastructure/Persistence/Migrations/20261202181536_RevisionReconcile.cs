using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kund.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RevisionReconcile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reconcile",
                table: "revisions",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Reconcile",
                table: "revisions");
        }
    }
}
