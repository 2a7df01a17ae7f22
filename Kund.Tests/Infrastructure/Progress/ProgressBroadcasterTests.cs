using System.Collections.Concurrent;
using Kund.Infrastructure.Progress;

namespace Kund.Tests.Infrastructure.Progress;

/// <summary>The notifier hands each subscriber only the events of the keys it follows, each once.</summary>
public sealed class ProgressBroadcasterTests
{
    private static readonly Guid Watched = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    [Fact]
    public void Publish_KeyedSubscribers_GetOnlyTheirKeysEachOnce()
    {
        var broadcaster = new ProgressBroadcaster();
        var environment = new ConcurrentQueue<long>();
        var team = new ConcurrentQueue<long>();
        var queue = new ConcurrentQueue<long>();
        var both = new ConcurrentQueue<long>();
        var all = new ConcurrentQueue<long>();
        using var s1 = broadcaster.Subscribe([ProgressKey.Environment(Watched)], n => Record(environment, n));
        using var s2 = broadcaster.Subscribe([ProgressKey.Team("team-b")], n => Record(team, n));
        using var s3 = broadcaster.Subscribe([ProgressKey.ApprovalQueue], n => Record(queue, n));
        using var s4 = broadcaster.Subscribe([ProgressKey.Environment(Watched), ProgressKey.Team("team-a")], n => Record(both, n));
        using var s5 = broadcaster.SubscribeAll(n => Record(all, n));

        broadcaster.Publish(Event(Watched, "team-a", 1, resourceKey: "vpc"));
        broadcaster.Publish(Event(Other, "team-b", 2, resourceKey: "vpc"));
        broadcaster.Publish(Event(Other, "team-b", 3, status: "PendingApproval"));

        Assert.Equal([1], environment);
        Assert.Equal([2, 3], team);
        Assert.Equal([3], queue);
        Assert.Equal([1], both);
        Assert.Equal([1, 2, 3], all);
    }

    [Fact]
    public void Dispose_Subscription_NoMoreEventsAndNotCounted()
    {
        var broadcaster = new ProgressBroadcaster();
        var heard = new ConcurrentQueue<long>();
        var subscription = broadcaster.Subscribe([ProgressKey.Environment(Watched)], n => Record(heard, n));
        Assert.Equal(1, broadcaster.SubscriberCountOf(ProgressKey.Environment(Watched)));

        subscription.Dispose();
        broadcaster.Publish(Event(Watched, "team-a", 1));

        Assert.Empty(heard);
        Assert.Equal(0, broadcaster.SubscriberCountOf(ProgressKey.Environment(Watched)));
        Assert.Equal(0, broadcaster.SubscriberCount);
    }

    [Fact]
    public void Reconnected_EverySubscriberWithAHandler_Called()
    {
        var broadcaster = new ProgressBroadcaster();
        var calls = 0;
        using var keyed = broadcaster.Subscribe([ProgressKey.ApprovalQueue], _ => Task.CompletedTask, () => Task.FromResult(Interlocked.Increment(ref calls)));
        using var everything = broadcaster.SubscribeAll(_ => Task.CompletedTask, () => Task.FromResult(Interlocked.Increment(ref calls)));
        using var without = broadcaster.Subscribe([ProgressKey.ApprovalQueue], _ => Task.CompletedTask);

        broadcaster.Reconnected();

        Assert.Equal(2, calls);
    }

    private static Task Record(ConcurrentQueue<long> into, ProgressNotification n)
    {
        into.Enqueue(n.Seq);
        return Task.CompletedTask;
    }

    private static ProgressNotification Event(Guid environmentId, string team, long seq, string? resourceKey = null, string? status = null) =>
        new(environmentId, team, seq, DateTimeOffset.UnixEpoch, resourceKey, null, status, $"event {seq}", 0);
}
