namespace Kund.Infrastructure.Progress;

/// <summary>
/// One environment's events as one watcher receives them: strictly in sequence order, each exactly once. A
/// live event that skips numbers (a notification missed while the listener reconnected, or committed
/// before the watcher subscribed) first brings the missed ones from the store; <see cref="CatchUpAsync"/>
/// reads whatever committed since the last one delivered. The position moves only past events that
/// <c>deliver</c> accepted, so a failed delivery is tried again rather than lost.
/// </summary>
/// <param name="eventsAfter">The stored events after a sequence number, in order.</param>
/// <param name="lastSeq">The last event the watcher already has.</param>
public sealed class ProgressTimeline(Func<long, CancellationToken, Task<IReadOnlyList<ProgressEvent>>> eventsAfter, long lastSeq = 0)
{
    /// <summary>The sequence number of the last event delivered.</summary>
    public long LastSeq { get; private set; } = lastSeq;

    /// <summary>Starts over, e.g. when the watcher switches to another environment.</summary>
    public void Reset(long lastSeq = 0) => LastSeq = lastSeq;

    /// <summary>Delivers <paramref name="next"/> after any events it skipped; nothing when it was delivered already.</summary>
    public async Task FollowAsync(ProgressEvent next, Func<ProgressEvent, Task> deliver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(deliver);
        if (next.Sequence <= LastSeq)
        {
            return;
        }

        if (next.Sequence > LastSeq + 1)
        {
            foreach (var missed in await eventsAfter(LastSeq, cancellationToken))
            {
                if (missed.Sequence >= next.Sequence)
                {
                    break;
                }

                await DeliverAsync(missed, deliver);
            }
        }

        await DeliverAsync(next, deliver);
    }

    /// <summary>Delivers every stored event after the last one delivered; returns how many.</summary>
    public async Task<int> CatchUpAsync(Func<ProgressEvent, Task> deliver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var count = 0;
        foreach (var missed in await eventsAfter(LastSeq, cancellationToken))
        {
            if (await DeliverAsync(missed, deliver))
            {
                count++;
            }
        }

        return count;
    }

    private async Task<bool> DeliverAsync(ProgressEvent e, Func<ProgressEvent, Task> deliver)
    {
        // The store may answer with events a live notification delivered meanwhile.
        if (e.Sequence <= LastSeq)
        {
            return false;
        }

        await deliver(e);
        LastSeq = e.Sequence;
        return true;
    }
}
