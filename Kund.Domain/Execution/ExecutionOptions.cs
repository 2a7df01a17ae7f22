using Kund.Domain.Planning;

namespace Kund.Domain.Execution;

/// <summary>How the executor runs a graph.</summary>
public sealed record ExecutionOptions
{
    public static ExecutionOptions Default { get; } = new();

    /// <summary>The most nodes in progress at once. EC2's mutating token bucket refills at 5/s, so more rarely helps.</summary>
    public int MaxParallelism { get; init; } = 10;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// What the scheduler expects each kind to take: when more nodes are ready than may run, the one with the
    /// longest expected path to the end of the run starts first (only the order matters, not the scale).
    /// </summary>
    public LatencyModel Durations { get; init; } = LatencyModel.Default;
}

/// <summary>
/// Retries of cloud calls that failed with a retryable <see cref="CloudErrorKind"/>. Throttling and transient
/// errors: exponential backoff with full jitter (a random delay between zero and the exponential bound), as
/// AWS advises. Eventual consistency: a short schedule (<see cref="ConsistencyBackoff"/>), because what it
/// waits for is the cloud catching up, which usually takes seconds and does not go faster for waiting longer.
/// </summary>
public sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    /// <summary>The bound of the first delay; it doubles with every retry.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Full jitter spreads retries of parallel nodes; off, the delay is the bound itself.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>
    /// The longest a node may take in one run. No retry starts later than this after the node's first
    /// attempt (the node fails with the cloud's last message), and a driver call still running then is
    /// cancelled (the node fails with <c>DeadlineExceeded</c>). Longer than EKS's own 20-minute waiter.
    /// </summary>
    public TimeSpan NodeDeadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a <see cref="CloudErrorKind.NotYetConsistent"/> error is retried when the exception names no window.</summary>
    public TimeSpan DefaultConsistencyWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The bound of the first delay after a <see cref="CloudErrorKind.NotYetConsistent"/> error; it grows by half with every retry.</summary>
    public TimeSpan ConsistencyInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How much faster than real time the cloud's consistency windows pass: the sandbox's TimeScale, 1 against
    /// AWS. Only <see cref="ConsistencyBackoff"/> divides by it; throttling is paced by token buckets in real time.
    /// </summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>The delay before retry number <paramref name="retry"/> (0 for the first), given a uniform sample in [0, 1).</summary>
    public TimeSpan Backoff(int retry, double sample)
    {
        var bound = InitialBackoff.Ticks * Math.Pow(2, Math.Min(retry, 62));
        var capped = Math.Min(bound, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(Jitter ? capped * sample : capped));
    }

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> of a <see cref="CloudErrorKind.NotYetConsistent"/>
    /// error: <see cref="ConsistencyInitialBackoff"/> × 1.5^retry, capped at <see cref="MaxBackoff"/>, both divided
    /// by <see cref="TimeScale"/>; with jitter, between half the bound and the bound. A role EKS cannot assume yet
    /// (IAM propagation, usually seconds: docs/aws-behaviour.md) is then retried at most about half a step
    /// late, where throttling's doubling could wait as long again as it had already waited.
    /// </summary>
    public TimeSpan ConsistencyBackoff(int retry, double sample)
    {
        var scale = Math.Max(TimeScale, 1e-6);
        var bound = Math.Min(ConsistencyInitialBackoff.Ticks * Math.Pow(1.5, Math.Min(retry, 100)), MaxBackoff.Ticks) / scale;
        return TimeSpan.FromTicks((long)(Jitter ? bound * (0.5 + (sample / 2)) : bound));
    }
}
