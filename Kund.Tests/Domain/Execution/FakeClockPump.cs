using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Domain.Execution;

/// <summary>
/// Runs async code on the calling thread under a synchronization context it drains itself, and
/// advances a <see cref="FakeTimeProvider"/> only when nothing is runnable. Every continuation of the
/// code under test comes back here, so "nothing runnable" means every task is waiting on the fake
/// clock: the run is deterministic and each timer fires at exactly its due time.
/// </summary>
internal sealed class FakeClockPump : SynchronizationContext
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public static T Run<T>(FakeTimeProvider time, TimeSpan step, Func<Task<T>> body, int maxSteps = 100_000)
    {
        var previous = Current;
        var pump = new FakeClockPump();
        SetSynchronizationContext(pump);
        try
        {
            var task = body();
            for (var steps = 0; ; steps++)
            {
                pump.Drain();
                if (task.IsCompleted)
                {
                    return task.GetAwaiter().GetResult();
                }

                if (steps == maxSteps)
                {
                    throw new TimeoutException($"Still running after {maxSteps} steps of {step} on the fake clock.");
                }

                time.Advance(step);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The pump only takes posts.");

    public override SynchronizationContext CreateCopy() => this;

    private void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }
}
