using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Blueprints;

internal sealed class BlueprintVersionConfiguration : IEntityTypeConfiguration<BlueprintVersion>
{
    public void Configure(EntityTypeBuilder<BlueprintVersion> builder)
    {
        builder.ToTable("blueprint_versions");
        builder.HasKey(b => new { b.Name, b.Version });
        builder.Property(b => b.Name).HasMaxLength(63);
        builder.Property(b => b.Description).HasMaxLength(500);
        builder.Property(b => b.Document).HasColumnType("jsonb");
        builder.Property(b => b.Author).HasMaxLength(320);
    }
}
