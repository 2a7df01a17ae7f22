namespace Kund.Domain.Execution;

/// <summary>
/// Walks a resource graph against the cloud: every node starts the moment its last dependency is
/// done (dependents first for a destroy), never more than <see cref="ExecutionOptions.MaxParallelism"/>
/// at once. Retryable cloud errors back off with full jitter; a failed node stops only its own
/// descendants. Every transition is awaited on the observer before anything depends on it, so a
/// run killed at any point resumes from what the observer recorded.
/// </summary>
public sealed class PlanExecutor
{
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <param name="random">The jitter source; pass a seeded one for repeatable tests.</param>
    public PlanExecutor(TimeProvider timeProvider, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _random = random ?? new Random();
    }

    /// <summary>
    /// Runs the request to the end: returns when every node that could run has finished, with the
    /// outcome of each. Throws what the observer threw (after cancelling the nodes in progress),
    /// or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<ExecutionResult> RunAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Options.MaxParallelism, 1, nameof(request));
        var retry = request.Options.Retry;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retry.NodeDeadline, TimeSpan.Zero, nameof(request));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(retry.NodeDeadline, TimeSpan.FromDays(30), nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(retry.InitialBackoff, TimeSpan.Zero, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(retry.MaxBackoff, TimeSpan.Zero, nameof(request));
        using var run = new ExecutionRun(request, _timeProvider, NextSample, cancellationToken);
        return await run.RunAsync();
    }

    private double NextSample()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }
}
