using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Execution;

/// <summary>One driver call as the fake cloud saw it; sequence numbers order starts and ends across nodes.</summary>
internal sealed record DriverCall(string Key, string Operation, long StartSeq, DateTimeOffset StartedAt)
{
    public long EndSeq { get; set; } = -1;

    public DateTimeOffset? EndedAt { get; set; }

    public bool Cancelled { get; set; }
}

/// <summary>
/// A test double of the driver port: every kind shares one in-memory cloud that records each call,
/// simulates durations from a latency model on the given clock, and throws the faults a test scripts.
/// </summary>
internal sealed class FakeCloud(TimeProvider time, LatencyModel? latency = null) : IResourceDriverSet
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _activeCallsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _callCounts = new(StringComparer.Ordinal);
    private long _sequence;
    private int _made;

    public const string Find = "Find";
    public const string Create = "Create";
    public const string Wait = "Wait";
    public const string Delete = "Delete";

    public LatencyModel Latency { get; } = latency ?? new LatencyModel(new Dictionary<ResourceKind, KindLatency>());

    /// <summary>What exists in the cloud, by node key (FindAsync adopts from here).</summary>
    public Dictionary<string, CloudResource> Existing { get; } = new(StringComparer.Ordinal);

    public List<DriverCall> Calls { get; } = [];

    /// <summary>The last context each node's driver received.</summary>
    public Dictionary<string, ResourceContext> Contexts { get; } = new(StringComparer.Ordinal);

    public int MaxConcurrentNodes { get; private set; }

    /// <summary>Given (key, operation, 1-based call number of that operation for that key), the exception to throw, if any.</summary>
    public Func<string, string, int, Exception?>? Fault { get; set; }

    /// <summary>Per node key, a duration overriding the latency model for Wait and Delete.</summary>
    public Dictionary<string, TimeSpan> Durations { get; } = new(StringComparer.Ordinal);

    public IResourceDriver For(ResourceKind kind) => new Driver(this, kind);

    public IEnumerable<DriverCall> CallsOf(string key) => Snapshot().Where(c => c.Key == key);

    public List<DriverCall> Snapshot()
    {
        lock (_lock)
        {
            return [.. Calls];
        }
    }

    private async Task<T> RunAsync<T>(ResourceContext context, string operation, TimeSpan duration, Func<T> complete, CancellationToken cancellationToken)
    {
        var key = context.Node.Key;
        DriverCall call;
        Exception? fault;
        lock (_lock)
        {
            Contexts[key] = context;
            call = new DriverCall(key, operation, ++_sequence, time.GetUtcNow());
            Calls.Add(call);
            _activeCallsByNode[key] = _activeCallsByNode.GetValueOrDefault(key) + 1;
            MaxConcurrentNodes = Math.Max(MaxConcurrentNodes, _activeCallsByNode.Count);
            var count = _callCounts[$"{key}|{operation}"] = _callCounts.GetValueOrDefault($"{key}|{operation}") + 1;
            fault = Fault?.Invoke(key, operation, count);
        }

        try
        {
            if (duration > TimeSpan.Zero)
            {
                await Task.Delay(duration, time, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (fault is not null)
            {
                throw fault;
            }

            lock (_lock)
            {
                return complete();
            }
        }
        catch (OperationCanceledException)
        {
            call.Cancelled = true;
            throw;
        }
        finally
        {
            lock (_lock)
            {
                call.EndSeq = ++_sequence;
                call.EndedAt = time.GetUtcNow();
                if (--_activeCallsByNode[key] == 0)
                {
                    _activeCallsByNode.Remove(key);
                }
            }
        }
    }

    private TimeSpan DurationOf(string key, TimeSpan modelled) => Durations.TryGetValue(key, out var duration) ? duration : modelled;

    private sealed class Driver(FakeCloud cloud, ResourceKind kind) : IResourceDriver
    {
        public ResourceKind Kind => kind;

        public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) =>
            cloud.RunAsync(context, Find, TimeSpan.Zero, () => cloud.Existing.GetValueOrDefault(context.Node.Key), cancellationToken);

        public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
            cloud.RunAsync(
                context,
                Create,
                TimeSpan.Zero,
                () => cloud.Existing[context.Node.Key] = new CloudResource($"{kind.ToString().ToLowerInvariant()}-{++cloud._made:000}"),
                cancellationToken);

        public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
            cloud.RunAsync(
                context,
                Wait,
                cloud.DurationOf(context.Node.Key, cloud.Latency.CreateDuration(kind)),
                () => resource with { Attributes = new Dictionary<string, string> { ["state"] = "available" } },
                cancellationToken);

        public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
            cloud.RunAsync(context, Delete, cloud.DurationOf(context.Node.Key, cloud.Latency.DeleteDuration(kind)), () => cloud.Existing.Remove(context.Node.Key), cancellationToken);
    }
}

/// <summary>Records every transition, in order; can be told to throw.</summary>
internal sealed class RecordingObserver : IExecutionObserver
{
    private readonly Lock _lock = new();
    private int _inside;

    public List<NodeTransition> Transitions { get; } = [];

    public Func<NodeTransition, Exception?>? ThrowWhen { get; set; }

    public bool Overlapped { get; private set; }

    public ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _inside) > 1)
        {
            Overlapped = true;
        }

        try
        {
            lock (_lock)
            {
                Transitions.Add(transition);
            }

            return ThrowWhen?.Invoke(transition) is { } exception ? throw exception : ValueTask.CompletedTask;
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    public List<NodeTransition> Of(string key)
    {
        lock (_lock)
        {
            return [.. Transitions.Where(t => t.Key == key)];
        }
    }
}
