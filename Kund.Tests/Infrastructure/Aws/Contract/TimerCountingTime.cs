using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// Fake time that knows how many of its timers are still waiting to fire. Code under test that waits
/// on this clock is either running or blocked on one of these timers, so a test can tell "everything
/// has reached its next wait" from the timers themselves instead of sleeping on the wall clock.
/// </summary>
internal sealed class TimerCountingTime(FakeTimeProvider fake) : TimeProvider
{
    private readonly Lock _lock = new();
    private int _pending;

    public FakeTimeProvider Fake => fake;

    /// <summary>Timers created, not yet fired and not disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _pending;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted before the fake timer exists: a timer due at once may fire inside CreateTimer.
        var timer = new CountedTimer(this, dueTime, period);
        timer.Attach(fake.CreateTimer(timer.Fire, (callback, state), dueTime, period));
        return timer;
    }

    private void Count(int delta)
    {
        lock (_lock)
        {
            _pending += delta;
        }
    }

    private sealed class CountedTimer : ITimer
    {
        private readonly TimerCountingTime _owner;
        private readonly Lock _lock = new();
        private ITimer? _inner;
        private bool _pending;
        private bool _periodic;

        public CountedTimer(TimerCountingTime owner, TimeSpan dueTime, TimeSpan period)
        {
            _owner = owner;
            Arm(dueTime, period);
        }

        public void Attach(ITimer inner) => _inner = inner;

        public void Fire(object? state)
        {
            lock (_lock)
            {
                if (_pending && !_periodic)
                {
                    _pending = false;
                    _owner.Count(-1);
                }
            }

            var (callback, callbackState) = ((TimerCallback, object?))state!;
            callback(callbackState);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Disarm();
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                var pending = dueTime != Timeout.InfiniteTimeSpan;
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                if (pending != _pending)
                {
                    _owner.Count(pending ? 1 : -1);
                    _pending = pending;
                }
            }
        }

        private void Disarm()
        {
            lock (_lock)
            {
                if (_pending)
                {
                    _pending = false;
                    _owner.Count(-1);
                }
            }
        }
    }
}
