using System.Collections.Concurrent;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// Kund's side of EC2's request-rate limits (docs/aws-behaviour.md, Throttling): one token bucket per region
/// and API action, of its category's size and refill rate, for the one account the clients sign for. A call
/// takes a token before it is sent and, when the bucket is empty, waits for its turn instead of spending
/// one of EC2's tokens on a <c>RequestLimitExceeded</c>. Turns are handed out in the order calls arrive, so
/// a burst of one environment's retries cannot keep another environment's first attempt waiting.
/// </summary>
public sealed class Ec2RateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Region, string Action), Bucket> _buckets = new();
    private long _waited;
    private long _waitedTicks;

    /// <summary>Calls that found their bucket empty and waited.</summary>
    public long Waited => Interlocked.Read(ref _waited);

    /// <summary>The time those calls waited, summed.</summary>
    public TimeSpan WaitedFor => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    /// <summary>
    /// The least time the calls taken since the last <see cref="ResetCounts"/> need at EC2's rates: the slowest
    /// bucket's calls beyond its burst, divided by its refill rate (buckets assumed full at the start).
    /// </summary>
    public TimeSpan ApiRateBound() =>
        _buckets.Values.Select(b => b.Bound).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Calls taken per action since the last <see cref="ResetCounts"/>, all regions together.</summary>
    public IReadOnlyDictionary<string, long> Taken() =>
        _buckets.GroupBy(b => b.Key.Action).ToDictionary(g => g.Key, g => g.Sum(b => b.Value.Taken), StringComparer.Ordinal);

    public void ResetCounts()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.ResetCount();
        }

        Interlocked.Exchange(ref _waited, 0);
        Interlocked.Exchange(ref _waitedTicks, 0);
    }

    /// <summary>The bucket of an action, as EC2 sizes it: reads 100 / 20 per second, NAT gateways 10 / 1, tags 100 / 10, other mutating calls 50 / 5.</summary>
    public static (double Capacity, double PerSecond) LimitOf(string action) => action switch
    {
        "CreateNatGateway" or "DeleteNatGateway" => (10, 1),
        "CreateTags" => (100, 10),
        _ when action.StartsWith("Describe", StringComparison.Ordinal) => (100, 20),
        _ => (50, 5),
    };

    /// <summary>Returns once <paramref name="action"/> may be sent in <paramref name="region"/>.</summary>
    public async ValueTask AcquireAsync(string region, string action, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd((region, action), key => new Bucket(LimitOf(key.Action), time.GetUtcNow()));
        var wait = bucket.Reserve(time.GetUtcNow());
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        Interlocked.Increment(ref _waited);
        Interlocked.Add(ref _waitedTicks, wait.Ticks);
        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            bucket.Return();
            throw;
        }
    }

    /// <summary>
    /// A bucket that may go into debt: each call takes a token at once and waits until the refill has paid
    /// for it, which keeps the calls in the order they came and needs no queue.
    /// </summary>
    private sealed class Bucket((double Capacity, double PerSecond) limit, DateTimeOffset now)
    {
        private readonly Lock _gate = new();
        // One token short of EC2's burst: EC2's bucket starts when the first call arrives, a little after this
        // one, so each call here goes a whole refill step before EC2 would refuse it, at EC2's own rate.
        private readonly double _capacity = limit.Capacity - 1;
        private double _tokens = limit.Capacity - 1;
        private DateTimeOffset _refilledAt = now;
        private long _taken;

        public long Taken => Interlocked.Read(ref _taken);

        public TimeSpan Bound => TimeSpan.FromSeconds(Math.Max(0, Taken - limit.Capacity) / limit.PerSecond);

        public void ResetCount() => Interlocked.Exchange(ref _taken, 0);

        public TimeSpan Reserve(DateTimeOffset now)
        {
            lock (_gate)
            {
                var elapsed = Math.Max(0, (now - _refilledAt).TotalSeconds);
                _tokens = Math.Min(_capacity, _tokens + (elapsed * limit.PerSecond));
                _refilledAt = now;
                _tokens -= 1;
                _taken++;

                return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / limit.PerSecond);
            }
        }

        public void Return()
        {
            lock (_gate)
            {
                _tokens = Math.Min(_capacity, _tokens + 1);
            }
        }
    }
}
