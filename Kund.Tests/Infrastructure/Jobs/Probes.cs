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
/// Crashes the run of a chosen environment right after its Nth committed transition (once), and counts
/// every environment's transitions.
/// </summary>
public sealed class CrashProbe : IProvisioningProbe
{
    private readonly ConcurrentDictionary<Guid, int> crashAfter = new();
    private readonly ConcurrentDictionary<Guid, int> counts = new();

    public void CrashAfter(Guid environmentId, int transitions) => crashAfter[environmentId] = transitions;

    public int Transitions(Guid environmentId) => counts.GetValueOrDefault(environmentId);

    public ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken)
    {
        var count = counts.AddOrUpdate(environmentId, 1, (_, n) => n + 1);
        if (crashAfter.TryGetValue(environmentId, out var n) && count == n)
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
