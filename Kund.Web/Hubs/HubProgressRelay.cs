using System.Threading.Channels;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Progress;
using Kund.Web.Api;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Kund.Web.Hubs;

/// <summary>
/// Relays progress committed on any node (through <see cref="ProgressBroadcaster"/>) to this node's hub
/// connections: <c>progress</c> to each watcher of the environment, <c>status</c> to its team,
/// <c>pendingApproval</c> to approvers. Each send to a watcher goes through a <see cref="ProgressTimeline"/>
/// from the last sequence it was sent, which fills a gap (a notification missed while the listener
/// reconnected) from the database first; watchers already caught up get the event in one send, serialised
/// once. Notifications are relayed one after the other, in the order they were committed; each one fans out
/// to its watchers in parallel.
/// </summary>
public sealed class HubProgressRelay(
    ProgressBroadcaster broadcaster,
    WatchRegistry registry,
    IHubContext<ProvisioningHub> hub,
    IServiceScopeFactory scopes,
    IOptions<KundOptions> options,
    ILogger<HubProgressRelay> logger) : BackgroundService
{
    private readonly bool batched = options.Value.Hub.BatchedRelay;

    // Null in the queue means: the listener reconnected, catch every watcher up.
    private readonly Channel<ProgressNotification?> queue = Channel.CreateUnbounded<ProgressNotification?>(new() { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = broadcaster.SubscribeAll(
            n => queue.Writer.WriteAsync(n, stoppingToken).AsTask(),
            () => queue.Writer.WriteAsync(null, stoppingToken).AsTask());
        try
        {
            await foreach (var notification in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (notification is null)
                {
                    await CatchUpAllAsync();
                }
                else
                {
                    await RelayAsync(notification);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RelayAsync(ProgressNotification notification)
    {
        try
        {
            var watchers = registry.WatchersOf(notification.EnvironmentId);
            var behind = batched ? await SendToCaughtUpAsync(watchers, notification) : watchers;
            await Task.WhenAll(behind.Select(w => SendAsync(w, notification)));
            if (notification.Status is { } status)
            {
                var statusMessage = new { environmentId = notification.EnvironmentId, status };
                await hub.Clients.Groups(ProvisioningHub.TeamGroup(notification.Team), ProvisioningHub.ApproversGroup)
                    .SendAsync(ProvisioningHub.StatusMessageName, statusMessage);
                if (status == nameof(Kund.Domain.Environments.EnvironmentStatus.PendingApproval))
                {
                    await hub.Clients.Group(ProvisioningHub.ApproversGroup).SendAsync(ProvisioningHub.PendingApprovalMessageName, statusMessage);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One failed relay must not stop the next; watchers catch up by sequence number.
            logger.LogWarning(ex, "Could not relay event {Seq} of environment {EnvironmentId}", notification.Seq, notification.EnvironmentId);
        }
    }

    /// <summary>
    /// Sends <paramref name="notification"/> in one call to every watcher whose last event is the one just
    /// before it: SignalR serialises the message once per protocol rather than once per connection. Each of
    /// those watchers' send locks is held across the send, so a <c>Watch</c> backlog never interleaves. Returns
    /// the watchers left for the per-watcher path: busy (lock taken), or behind (a gap to read from the store).
    /// </summary>
    private async Task<IReadOnlyCollection<WatchRegistry.Watcher>> SendToCaughtUpAsync(IReadOnlyCollection<WatchRegistry.Watcher> watchers, ProgressNotification notification)
    {
        var environmentId = notification.EnvironmentId;
        var caughtUp = new List<WatchRegistry.Watcher>(watchers.Count);
        var behind = new List<WatchRegistry.Watcher>();
        foreach (var watcher in watchers)
        {
            if (!TryLock(watcher))
            {
                behind.Add(watcher);
            }
            else if (watcher.LastSent.TryGetValue(environmentId, out var last) && last == notification.Seq - 1)
            {
                caughtUp.Add(watcher);
            }
            else
            {
                Unlock(watcher);
                behind.Add(watcher);
            }
        }

        if (caughtUp.Count == 0)
        {
            return behind;
        }

        try
        {
            await hub.Clients.Clients(caughtUp.Select(w => w.ConnectionId).ToList())
                .SendAsync(ProvisioningHub.ProgressMessageName, ProgressMessage.From(notification.ToEvent()));
            foreach (var watcher in caughtUp)
            {
                // Unwatched meanwhile: do not watch it again.
                if (watcher.LastSent.ContainsKey(environmentId))
                {
                    watcher.LastSent[environmentId] = notification.Seq;
                }
            }
        }
        finally
        {
            caughtUp.ForEach(Unlock);
        }

        return behind;
    }

    private static bool TryLock(WatchRegistry.Watcher watcher)
    {
        try
        {
            return watcher.SendLock.Wait(0);
        }
        catch (ObjectDisposedException)
        {
            // Disconnected meanwhile; the per-watcher path skips it.
            return false;
        }
    }

    private static void Unlock(WatchRegistry.Watcher watcher)
    {
        try
        {
            watcher.SendLock.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed by the disconnect.
        }
    }

    private async Task CatchUpAllAsync()
    {
        foreach (var watcher in registry.AllWatchers())
        {
            foreach (var environmentId in watcher.LastSent.Keys)
            {
                try
                {
                    await CatchUpAsync(watcher, environmentId);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Could not catch watcher {ConnectionId} up on environment {EnvironmentId}", watcher.ConnectionId, environmentId);
                }
            }
        }
    }

    private async Task CatchUpAsync(WatchRegistry.Watcher watcher, Guid environmentId)
    {
        await watcher.SendLock.WaitAsync();
        try
        {
            if (watcher.LastSent.TryGetValue(environmentId, out var last))
            {
                var client = hub.Clients.Client(watcher.ConnectionId);
                await FollowAsync(watcher, environmentId, last, timeline => timeline.CatchUpAsync(e => SendAsync(client, e)));
            }
        }
        finally
        {
            watcher.SendLock.Release();
        }
    }

    private async Task SendAsync(WatchRegistry.Watcher watcher, ProgressNotification notification)
    {
        await watcher.SendLock.WaitAsync();
        try
        {
            if (watcher.LastSent.TryGetValue(notification.EnvironmentId, out var last))
            {
                var client = hub.Clients.Client(watcher.ConnectionId);
                await FollowAsync(watcher, notification.EnvironmentId, last, timeline => timeline.FollowAsync(notification.ToEvent(), e => SendAsync(client, e)));
            }
        }
        catch (ObjectDisposedException)
        {
            // The connection went away meanwhile.
        }
        finally
        {
            try
            {
                watcher.SendLock.Release();
            }
            catch (ObjectDisposedException)
            {
                // Disposed by the disconnect.
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on the watcher's timeline of the environment and keeps the position it reached, even when a send failed midway.</summary>
    private async Task FollowAsync(WatchRegistry.Watcher watcher, Guid environmentId, long last, Func<ProgressTimeline, Task> work)
    {
        var timeline = new ProgressTimeline((after, token) => EventsAfterAsync(environmentId, after, token), last);
        try
        {
            await work(timeline);
        }
        finally
        {
            // Unwatched meanwhile: do not watch it again.
            if (watcher.LastSent.ContainsKey(environmentId))
            {
                watcher.LastSent[environmentId] = timeline.LastSeq;
            }
        }
    }

    private async Task<IReadOnlyList<ProgressEvent>> EventsAfterAsync(Guid environmentId, long after, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EnvironmentQueries>().GetEventsAsync(KundUser.System, environmentId, after, cancellationToken);
    }

    private static Task SendAsync(IClientProxy client, ProgressEvent e) => client.SendAsync(ProvisioningHub.ProgressMessageName, ProgressMessage.From(e));
}
