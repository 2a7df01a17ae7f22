using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// Applies EF Core migrations before the other hosted services start, so workers never see an old
/// schema. A database that is still starting (docker compose) is waited for, briefly.
/// </summary>
public sealed class DatabaseMigrator(
    SchemaMigrations migrations,
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
                await migrations.ApplyAsync(cancellationToken);
                logger.LogInformation("Database schema is up to date");
                state.MarkMigrated();
                return;
            }
            catch (Exception ex) when (TransientDatabaseFailure.Is(ex) && time.GetElapsedTime(started) < ReachableWithin)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Reason}); retrying in {Delay}", TransientDatabaseFailure.Describe(ex), delay);
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
