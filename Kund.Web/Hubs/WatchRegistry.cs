using System.Collections.Concurrent;

namespace Kund.Web.Hubs;

/// <summary>
/// Which hub connection watches which environment, and the last event sequence each was sent. Sends to
/// one connection go through its own lock, so the backlog of <c>Watch</c> and the live events relayed
/// meanwhile reach the client strictly in sequence order, each exactly once.
/// </summary>
public sealed class WatchRegistry
{
    private readonly ConcurrentDictionary<string, Watcher> watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, Watcher>> byEnvironment = new();

    public Watcher For(string connectionId) => watchers.GetOrAdd(connectionId, id => new Watcher(id));

    public void Watch(Watcher watcher, Guid environmentId, long afterSeq)
    {
        watcher.LastSent[environmentId] = afterSeq;
        byEnvironment.GetOrAdd(environmentId, _ => new ConcurrentDictionary<string, Watcher>(StringComparer.Ordinal))[watcher.ConnectionId] = watcher;
    }

    public void Unwatch(string connectionId, Guid environmentId)
    {
        if (watchers.TryGetValue(connectionId, out var watcher))
        {
            watcher.LastSent.TryRemove(environmentId, out _);
        }

        if (byEnvironment.TryGetValue(environmentId, out var set))
        {
            set.TryRemove(connectionId, out _);
        }
    }

    public void Disconnected(string connectionId)
    {
        if (watchers.TryRemove(connectionId, out var watcher))
        {
            foreach (var environmentId in watcher.LastSent.Keys)
            {
                if (byEnvironment.TryGetValue(environmentId, out var set))
                {
                    set.TryRemove(connectionId, out _);
                }
            }

            watcher.Dispose();
        }
    }

    public IReadOnlyCollection<Watcher> AllWatchers() => [.. watchers.Values];

    public IReadOnlyCollection<Watcher> WatchersOf(Guid environmentId) =>
        byEnvironment.TryGetValue(environmentId, out var set) ? [.. set.Values] : [];

    /// <summary>One connection: its send lock and, per watched environment, the last sequence sent.</summary>
    public sealed class Watcher(string connectionId) : IDisposable
    {
        public string ConnectionId { get; } = connectionId;

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public ConcurrentDictionary<Guid, long> LastSent { get; } = new();

        public void Dispose() => SendLock.Dispose();
    }
}
