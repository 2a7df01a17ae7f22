using System.Text.Json;
using Kund.Domain;
using Kund.Infrastructure.Jobs;
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
        var lostConnection = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {ProgressWriter.Channel}; listen {JobQueue.Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Jobs enqueued while we were not listening are found by the worker's poll; events committed
                // meanwhile are caught up by the watchers.
                jobs.Set();
                if (lostConnection)
                {
                    broadcaster.Reconnected();
                    lostConnection = false;
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Lost the notification connection; reconnecting");
                lostConnection = true;
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
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
