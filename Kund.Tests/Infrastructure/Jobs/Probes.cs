using System.Collections.Concurrent;
using Kund.Domain.Execution;
using Kund.Infrastructure.Jobs;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>Freezes a worker after its Nth committed transition, as a node that stopped answering would, until opened.</summary>
public sealed class GateProbe(int stopAfter) : IProvisioningProbe
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int committed;

    public Task Reached => reached.Task;

    public int Committed => Volatile.Read(ref committed);

    public void Open() => open.TrySetResult();

    public async ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref committed) >= stopAfter)
        {
            reached.TrySetResult();
            await open.Task;
        }
    }
}

/// <summary>
/// Crashes the run of a chosen environment right after its Nth committed transition, or after the first
/// committed transition that matches a condition (once), and counts every environment's transitions.
/// </summary>
public sealed class CrashProbe : IProvisioningProbe
{
    private readonly ConcurrentDictionary<Guid, int> crashAfter = new();
    private readonly ConcurrentDictionary<Guid, Func<NodeTransition, bool>> crashAtFirst = new();
    private readonly ConcurrentDictionary<Guid, int> counts = new();
    private readonly ConcurrentDictionary<Guid, bool> always = new();

    public void CrashAfter(Guid environmentId, int transitions) => crashAfter[environmentId] = transitions;

    /// <summary>Crashes the run right after the first committed transition of the environment that <paramref name="when"/> matches.</summary>
    public void CrashAfterFirst(Guid environmentId, Func<NodeTransition, bool> when) => crashAtFirst[environmentId] = when;

    /// <summary>Crashes every run of the environment after its first committed transition, until <see cref="Heal"/>.</summary>
    public void CrashAlways(Guid environmentId) => always[environmentId] = true;

    public void Heal(Guid environmentId) => always.TryRemove(environmentId, out _);

    public int Transitions(Guid environmentId) => counts.GetValueOrDefault(environmentId);

    public ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken)
    {
        var count = counts.AddOrUpdate(environmentId, 1, (_, n) => n + 1);
        if ((crashAfter.TryGetValue(environmentId, out var n) && count == n)
            || (crashAtFirst.TryGetValue(environmentId, out var when) && when(transition) && crashAtFirst.TryRemove(environmentId, out _))
            || always.ContainsKey(environmentId))
        {
            throw new SimulatedCrashException($"Simulated crash after transition {count} ({transition.Key} {transition.State}).");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
