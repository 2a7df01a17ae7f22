namespace Kund.Infrastructure.Sandbox.Throttling;

/// <summary>A token bucket on a <see cref="TimeProvider"/>: full at start, refilled continuously.</summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _refilledAt;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _time = time;
        _tokens = capacity;
        _refilledAt = time.GetUtcNow();
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var elapsed = Math.Max(0, (now - _refilledAt).TotalSeconds);
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _refillPerSecond));
            _refilledAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
