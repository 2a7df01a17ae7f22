using System.Collections.Immutable;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// Hands progress committed anywhere (relayed by <see cref="PostgresNotificationListener"/>) to the watchers
/// of this node: the hub relay and Blazor circuits. Subscriptions are disposable; a slow or failing
/// subscriber never holds up the others.
/// </summary>
public sealed class ProgressBroadcaster
{
    private readonly Lock gate = new();
    private ImmutableSubscribers subscribers = ImmutableSubscribers.Empty;
    private ImmutableList<Func<Task>> reconnectHandlers = [];

    /// <summary>Called for every event of every environment; filter in the handler.</summary>
    public IDisposable Subscribe(Func<ProgressNotification, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (gate)
        {
            subscribers = subscribers.Add(subscription);
        }

        return subscription;
    }

    public int SubscriberCount => subscribers.Items.Length;

    /// <summary>
    /// Called after the notification connection was lost and is back: events committed meanwhile were not
    /// relayed, so watchers should catch up by sequence number now rather than at the next event.
    /// </summary>
    public IDisposable OnReconnected(Func<Task> handler)
    {
        lock (gate)
        {
            reconnectHandlers = reconnectHandlers.Add(handler);
        }

        return new Unsubscriber(() =>
        {
            lock (gate)
            {
                reconnectHandlers = reconnectHandlers.Remove(handler);
            }
        });
    }

    public void Reconnected()
    {
        foreach (var handler in reconnectHandlers)
        {
            _ = handler();
        }
    }

    public void Publish(ProgressNotification notification)
    {
        foreach (var subscription in subscribers.Items)
        {
            // Fire and forget per subscriber; each handler reports its own errors.
            _ = subscription.Handler(notification);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            subscribers = subscribers.Remove(subscription);
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public static ImmutableSubscribers Empty { get; } = new([]);

        public ImmutableSubscribers Add(Subscription s) => new([.. Items, s]);

        public ImmutableSubscribers Remove(Subscription s) => new([.. Items.Where(x => !ReferenceEquals(x, s))]);
    }

    private sealed class Subscription(ProgressBroadcaster owner, Func<ProgressNotification, Task> handler) : IDisposable
    {
        public Func<ProgressNotification, Task> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
