using System.Collections.Concurrent;

namespace Kund.Infrastructure.Sandbox;

/// <summary>Calls per operation as they reached the sandbox, and how many were throttled or failed by a fault.</summary>
public sealed class SandboxCallCounters
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _faulted = new(StringComparer.Ordinal);
    private long _skewed;

    public long Calls(string operation) => _calls.GetValueOrDefault(operation);

    public long Throttled(string operation) => _throttled.GetValueOrDefault(operation);

    public long Faulted(string operation) => _faulted.GetValueOrDefault(operation);

    public long TotalCalls => _calls.Values.Sum();

    public long TotalThrottled => _throttled.Values.Sum();

    /// <summary>Requests refused because their signing time was too far from the cloud's clock.</summary>
    public long RefusedForClockSkew => Interlocked.Read(ref _skewed);

    /// <summary>Every operation called so far with its call count.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    public void Reset()
    {
        _calls.Clear();
        _throttled.Clear();
        _faulted.Clear();
        Interlocked.Exchange(ref _skewed, 0);
    }

    internal void Called(string operation) => _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);

    internal void WasThrottled(string operation) => _throttled.AddOrUpdate(operation, 1, (_, n) => n + 1);

    internal void WasFaulted(string operation) => _faulted.AddOrUpdate(operation, 1, (_, n) => n + 1);

    internal void WasRefusedForClockSkew() => Interlocked.Increment(ref _skewed);
}
