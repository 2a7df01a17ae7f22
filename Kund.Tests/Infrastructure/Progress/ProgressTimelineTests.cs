using Kund.Infrastructure.Progress;

namespace Kund.Tests.Infrastructure.Progress;

/// <summary>One environment's events reach a watcher in order and once: gaps are filled from the store, repeats dropped.</summary>
public sealed class ProgressTimelineTests
{
    private readonly List<ProgressEvent> store = [.. Enumerable.Range(1, 6).Select(i => Event(i))];
    private readonly List<long> delivered = [];
    private int reads;

    [Fact]
    public async Task Follow_SkippedNumbers_FilledFromStoreFirst()
    {
        var timeline = new ProgressTimeline(EventsAfterAsync, lastSeq: 2);

        await timeline.FollowAsync(Event(5), DeliverAsync);

        Assert.Equal([3, 4, 5], delivered);
        Assert.Equal(5, timeline.LastSeq);
    }

    [Fact]
    public async Task Follow_NextOrAlreadySeen_NoStoreRead()
    {
        var timeline = new ProgressTimeline(EventsAfterAsync, lastSeq: 2);

        await timeline.FollowAsync(Event(3), DeliverAsync);
        await timeline.FollowAsync(Event(3), DeliverAsync);
        await timeline.FollowAsync(Event(1), DeliverAsync);

        Assert.Equal([3], delivered);
        Assert.Equal(0, reads);
    }

    [Fact]
    public async Task CatchUp_AfterLive_DeliversOnlyWhatIsNew()
    {
        var timeline = new ProgressTimeline(EventsAfterAsync);
        await timeline.FollowAsync(Event(1), DeliverAsync);

        var count = await timeline.CatchUpAsync(DeliverAsync);

        Assert.Equal(5, count);
        Assert.Equal([1, 2, 3, 4, 5, 6], delivered);
    }

    [Fact]
    public async Task Follow_DeliveryFails_PositionStaysSoItIsTriedAgain()
    {
        var timeline = new ProgressTimeline(EventsAfterAsync, lastSeq: 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => timeline.FollowAsync(Event(5), e => e.Sequence == 4 ? throw new InvalidOperationException() : DeliverAsync(e)));
        Assert.Equal(3, timeline.LastSeq);

        await timeline.FollowAsync(Event(5), DeliverAsync);
        Assert.Equal([3, 4, 5], delivered);
    }

    private Task<IReadOnlyList<ProgressEvent>> EventsAfterAsync(long after, CancellationToken cancellationToken)
    {
        reads++;
        return Task.FromResult<IReadOnlyList<ProgressEvent>>([.. store.Where(e => e.Sequence > after)]);
    }

    private Task DeliverAsync(ProgressEvent e)
    {
        delivered.Add(e.Sequence);
        return Task.CompletedTask;
    }

    private static ProgressEvent Event(long seq) => new() { EnvironmentId = Guid.Empty, Sequence = seq, Message = $"event {seq}" };
}
