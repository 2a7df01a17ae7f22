using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kund.Infrastructure.Persistence;

/// <summary>Ready means: the database answers and holds every migration this build knows.</summary>
public sealed class DatabaseReadinessCheck(KundDbContext db, MigrationState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!state.IsMigrated)
        {
            return HealthCheckResult.Unhealthy("Migrations have not been applied yet: Kund is starting, or waiting for its database.");
        }

        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer: the connection could not be opened.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Pending migrations: {string.Join(", ", pending)}.");
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex))
        {
            return HealthCheckResult.Unhealthy($"The database does not answer: {TransientDatabaseFailure.Describe(ex)}", ex);
        }
    }
}
