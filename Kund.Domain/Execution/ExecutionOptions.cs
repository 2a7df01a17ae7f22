namespace Kund.Domain.Execution;

/// <summary>How the executor runs a graph.</summary>
public sealed record ExecutionOptions
{
    public static ExecutionOptions Default { get; } = new();

    /// <summary>The most nodes in progress at once. EC2's mutating token bucket refills at 5/s, so more rarely helps.</summary>
    public int MaxParallelism { get; init; } = 10;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;
}

/// <summary>
/// Retries of cloud calls that failed with a retryable <see cref="CloudErrorKind"/>: exponential
/// backoff with full jitter (a random delay between zero and the exponential bound), as AWS advises.
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

    /// <summary>The delay before retry number <paramref name="retry"/> (0 for the first), given a uniform sample in [0, 1).</summary>
    public TimeSpan Backoff(int retry, double sample)
    {
        var bound = InitialBackoff.Ticks * Math.Pow(2, Math.Min(retry, 62));
        var capped = Math.Min(bound, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(Jitter ? capped * sample : capped));
    }
}
