namespace Kund.Infrastructure.Drift;

/// <summary>
/// Paces a check's read calls so that checks of many environments never use up the API's request budget
/// that a create running at the same time needs: at most <c>ReadsPerSecond</c> calls leave, evenly spaced,
/// whatever the number of environments (docs/decisions/drift-checks.md).
/// </summary>
public sealed class DriftReadBudget(double readsPerSecond, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _spacing = readsPerSecond > 0 ? TimeSpan.FromSeconds(1 / readsPerSecond) : TimeSpan.Zero;
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _calls;

    /// <summary>Calls let through so far.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Runs one read call in its turn.</summary>
    public async Task<T> ReadAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await WaitTurnAsync(cancellationToken);
        Interlocked.Increment(ref _calls);
        return await call();
    }

    public void Dispose() => _gate.Dispose();

    private async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (_spacing == TimeSpan.Zero)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_next > now)
            {
                await Task.Delay(_next - now, time, cancellationToken);
                now = _next;
            }

            _next = now + _spacing;
        }
        finally
        {
            _gate.Release();
        }
    }
}
