using System.Text.Json;
using Kund.Domain;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// One connection per node that <c>LISTEN</c>s for committed progress and new jobs, and relays them to
/// this node's watchers and worker. Reconnects after losing the database; a watcher that missed events
/// meanwhile catches up by sequence number.
/// </summary>
public sealed class PostgresNotificationListener(
    NpgsqlDataSource database,
    ProgressBroadcaster broadcaster,
    JobSignal jobs,
    TimeProvider time,
    ILogger<PostgresNotificationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectedBefore = false;
        var backoff = new DatabaseBackoff("Listening for notifications", logger, time);
        await backoff.RunAsync(
            async ct =>
            {
                await using var connection = await database.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {ProgressWriter.Channel}; listen {JobQueue.Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                backoff.Succeeded();

                // Jobs enqueued while we were not listening are found by the worker's poll; events committed
                // meanwhile are caught up by the watchers.
                jobs.Set();
                if (connectedBefore)
                {
                    broadcaster.Reconnected();
                }

                connectedBefore = true;
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            },
            _ => Task.FromResult(true),
            stoppingToken);
    }

    private void Dispatch(string channel, string payload)
    {
        if (channel == JobQueue.Channel)
        {
            jobs.Set();
            return;
        }

        try
        {
            var notification = JsonSerializer.Deserialize<ProgressNotification>(payload, KundJson.Options);
            if (notification is not null)
            {
                broadcaster.Publish(notification);
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignoring a malformed progress notification");
        }
    }
}
