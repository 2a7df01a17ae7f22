using System.Collections.Concurrent;
using System.Diagnostics;
using Kund.Domain.Execution;
using Kund.Infrastructure.Jobs;

namespace Kund.Bench.Support;

/// <summary>One committed node transition and when the probe heard of it (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record TimedTransition(Guid EnvironmentId, NodeTransition Transition, long Timestamp);

/// <summary>The benchmark's <see cref="IProvisioningProbe"/>: timestamps every committed transition, and tells listeners.</summary>
public sealed class TransitionClock : IProvisioningProbe
{
    private readonly ConcurrentQueue<TimedTransition> _seen = new();

    /// <summary>Called right after the commit, on the worker's thread; keep it short.</summary>
    public Action<TimedTransition>? Listener { get; set; }

    public IReadOnlyList<TimedTransition> Seen => [.. _seen];

    public ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken)
    {
        var timed = new TimedTransition(environmentId, transition, Stopwatch.GetTimestamp());
        _seen.Enqueue(timed);
        Listener?.Invoke(timed);
        return ValueTask.CompletedTask;
    }

    public void Clear() => _seen.Clear();
}
