using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// Applies EF Core migrations before the other hosted services start, so workers never see an old
/// schema. A database that is still starting (docker compose) is waited for, briefly.
/// </summary>
public sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    MigrationState state,
    TimeProvider time,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    private static readonly TimeSpan ReachableWithin = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
                // On an empty database EF reads the history table before it creates it and logs that read as "fail:";
                // creating it first keeps a first start's log free of errors that are none.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Database schema is up to date ({Migrations} migrations)", db.Database.GetMigrations().Count());
                state.MarkMigrated();
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && time.GetElapsedTime(started) < ReachableWithin)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Reason}); retrying in {Delay}", ex.Message, delay);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Whether this process has brought the schema up to date; read by the readiness check.</summary>
public sealed class MigrationState
{
    private volatile bool migrated;

    public bool IsMigrated => migrated;

    public void MarkMigrated() => migrated = true;
}
