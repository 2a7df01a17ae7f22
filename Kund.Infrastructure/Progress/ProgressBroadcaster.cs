using System.Collections.Immutable;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// Hands progress committed anywhere (relayed by <see cref="PostgresNotificationListener"/>) to the watchers
/// of this node. A watcher follows keys (<see cref="ProgressKey"/>: an environment, a team, the approvals
/// queue) and hears only their events, each once; the hub relay alone follows everything. Subscriptions are
/// disposable; a slow or failing subscriber never holds up the others.
/// </summary>
public sealed class ProgressBroadcaster
{
    private readonly Lock gate = new();
    private ImmutableDictionary<ProgressKey, ImmutableArray<Subscription>> byKey = ImmutableDictionary<ProgressKey, ImmutableArray<Subscription>>.Empty;
    private ImmutableArray<Subscription> everything = [];
    private ImmutableArray<Subscription> all = [];

    /// <summary>
    /// Follows <paramref name="keys"/>: <paramref name="handler"/> gets each of their events once;
    /// <paramref name="reconnected"/> (when given) runs after the notification connection was lost and is
    /// back, because events committed meanwhile were not relayed and the watcher should catch up now.
    /// </summary>
    public IDisposable Subscribe(IReadOnlyCollection<ProgressKey> keys, Func<ProgressNotification, Task> handler, Func<Task>? reconnected = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var subscription = new Subscription(this, [.. keys.Distinct()], handler, reconnected);
        lock (gate)
        {
            foreach (var key in subscription.Keys)
            {
                byKey = byKey.SetItem(key, byKey.GetValueOrDefault(key, []).Add(subscription));
            }

            all = all.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Every event of every environment: for the hub relay, which routes them to its connections itself.</summary>
    public IDisposable SubscribeAll(Func<ProgressNotification, Task> handler, Func<Task>? reconnected = null)
    {
        var subscription = new Subscription(this, [], handler, reconnected);
        lock (gate)
        {
            everything = everything.Add(subscription);
            all = all.Add(subscription);
        }

        return subscription;
    }

    public int SubscriberCount => all.Length;

    /// <summary>How many subscriptions follow <paramref name="key"/>.</summary>
    public int SubscriberCountOf(ProgressKey key) => byKey.GetValueOrDefault(key, []).Length;

    public void Reconnected()
    {
        foreach (var subscription in all)
        {
            if (subscription.Reconnected is { } handler)
            {
                _ = handler();
            }
        }
    }

    public void Publish(ProgressNotification notification)
    {
        var keyed = byKey;
        var sent = new HashSet<Subscription>(ReferenceEqualityComparer.Instance);
        foreach (var subscription in everything.Concat(ProgressKey.Of(notification).SelectMany(key => keyed.GetValueOrDefault(key, []))))
        {
            // A subscriber of an environment and of its team hears the event once.
            if (sent.Add(subscription))
            {
                // Fire and forget per subscriber; each handler reports its own errors.
                _ = subscription.Handler(notification);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            foreach (var key in subscription.Keys)
            {
                var left = byKey.GetValueOrDefault(key, []).Remove(subscription);
                byKey = left.IsEmpty ? byKey.Remove(key) : byKey.SetItem(key, left);
            }

            everything = everything.Remove(subscription);
            all = all.Remove(subscription);
        }
    }

    private sealed class Subscription(ProgressBroadcaster owner, ImmutableArray<ProgressKey> keys, Func<ProgressNotification, Task> handler, Func<Task>? reconnected) : IDisposable
    {
        public ImmutableArray<ProgressKey> Keys { get; } = keys;

        public Func<ProgressNotification, Task> Handler { get; } = handler;

        public Func<Task>? Reconnected { get; } = reconnected;

        public void Dispose() => owner.Remove(this);
    }
}
