using Kund.Infrastructure.Environments;
using Kund.Web.Api;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Kund.Web.Hubs;

/// <summary>
/// <c>/hubs/provisioning</c>: live progress of environments. <c>Watch</c> sends the events after a
/// sequence number, then the live ones, in order and each once; a client that reconnects watches again
/// from the last sequence it saw. Callers only watch what they may see; approvers also hear of new requests.
/// </summary>
[Authorize(Policy = KundPolicies.Authenticated)]
public sealed class ProvisioningHub(WatchRegistry registry, EnvironmentQueries queries, HubConnections connections) : Hub
{
    public const string Path = "/hubs/provisioning";
    public const string ProgressMessageName = "progress";
    public const string StatusMessageName = "status";
    public const string PendingApprovalMessageName = "pendingApproval";

    public static string ApproversGroup => "approvers";

    public static string TeamGroup(string team) => $"team:{team}";

    public override async Task OnConnectedAsync()
    {
        connections.Opened(Context);
        var caller = Context.User!.ToCaller();
        if (caller.CanApprove)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ApproversGroup);
        }

        foreach (var team in caller.Teams)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, TeamGroup(team));
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        registry.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Sends the events of <paramref name="environmentId"/> after <paramref name="afterSeq"/>, then live ones; returns how many were caught up.</summary>
    [Authorize(Policy = KundPolicies.Authenticated)]
    public async Task<int> Watch(Guid environmentId, long afterSeq)
    {
        var caller = Context.User!.ToCaller();
        var watcher = registry.For(Context.ConnectionId);
        await watcher.SendLock.WaitAsync(Context.ConnectionAborted);
        try
        {
            IReadOnlyList<Kund.Infrastructure.Progress.ProgressEvent> backlog;
            try
            {
                // Register before reading, under the lock: an event committed meanwhile is either in the
                // backlog or waits for the lock and is then sent once, after it.
                registry.Watch(watcher, environmentId, Math.Max(0, afterSeq));
                backlog = await queries.GetEventsAsync(caller, environmentId, Math.Max(0, afterSeq), Context.ConnectionAborted);
            }
            catch (EnvironmentNotFoundException)
            {
                registry.Unwatch(Context.ConnectionId, environmentId);
                throw new HubException($"There is no environment {environmentId} you can see.");
            }

            foreach (var e in backlog)
            {
                await Clients.Caller.SendAsync(ProgressMessageName, ProgressMessage.From(e), Context.ConnectionAborted);
                watcher.LastSent[environmentId] = e.Sequence;
            }

            return backlog.Count;
        }
        finally
        {
            watcher.SendLock.Release();
        }
    }

    [Authorize(Policy = KundPolicies.Authenticated)]
    public Task Unwatch(Guid environmentId)
    {
        registry.Unwatch(Context.ConnectionId, environmentId);
        return Task.CompletedTask;
    }
}
