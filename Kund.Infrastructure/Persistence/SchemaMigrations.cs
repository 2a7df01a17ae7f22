using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// Brings the schema up to date as the owner role (<c>ConnectionStrings:KundMigrations</c>), then grants the
/// application's role (<c>ConnectionStrings:Kund</c>) what it needs and nothing more. Without a migrations
/// connection the application's own connection migrates and owns the tables (a single-role setup: it works,
/// but that role can disable the audit table's triggers).
/// </summary>
public sealed class SchemaMigrations(IConfiguration configuration, ILogger<SchemaMigrations> logger)
{
    public const string MigrationsConnectionStringName = "KundMigrations";

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var app = configuration.GetConnectionString(InfrastructureServiceCollectionExtensions.ConnectionStringName)!;
        var owner = configuration.GetConnectionString(MigrationsConnectionStringName);
        var separate = !string.IsNullOrWhiteSpace(owner);
        await using var db = new KundDbContext(new DbContextOptionsBuilder<KundDbContext>().UseNpgsql(separate ? owner : app).Options);
        // On an empty database EF reads the history table before it creates it and logs that read as "fail:";
        // creating it first keeps a first start's log free of errors that are none.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);

        var appRole = new NpgsqlConnectionStringBuilder(app).Username;
        var ownerRole = separate ? new NpgsqlConnectionStringBuilder(owner).Username : appRole;
        if (!separate || string.IsNullOrEmpty(appRole) || string.Equals(appRole, ownerRole, StringComparison.Ordinal))
        {
            logger.LogWarning("Migrations ran with the application's own connection: its role owns the tables and could disable the audit table's triggers. Set ConnectionStrings:{Name} to an owner role to separate them.", MigrationsConnectionStringName);
            return;
        }

        await db.Database.ExecuteSqlRawAsync(DatabaseRoles.GrantAppRole(appRole), cancellationToken);
        logger.LogInformation("Schema owned by {Owner}; application role {App} granted data access only", ownerRole, appRole);
    }
}
