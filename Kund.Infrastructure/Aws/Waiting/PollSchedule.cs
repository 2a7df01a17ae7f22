namespace Kund.Infrastructure.Aws.Waiting;

/// <summary>
/// When to look again at a resource that takes a known time <c>E</c> (its expected duration, already
/// divided by the time scale) to become ready or gone.
/// <para>
/// The maths. Waiting is part of the makespan, so what matters is how late readiness is noticed, at
/// the lowest number of Describe calls. AWS's own waiters poll at fixed 15–30 s: up to 30 s late, and
/// ~40 calls for a 10-minute cluster. Here:
/// </para>
/// <list type="bullet">
/// <item>Nothing is asked before <c>0.85·E</c>: the resource is almost never ready that early (NAT: 90 s
/// expected; EKS: 600 s), and those polls would only spend the Describe budget.</item>
/// <item>From <c>0.85·E</c> to <c>1.25·E</c> a poll every <c>0.01·E</c>: readiness inside this band is
/// noticed at most 1 % of the creation time late (0.9 s for a NAT, 6 s for a cluster), for ~40 polls.</item>
/// <item>Within 3 % of <c>E</c> itself (<c>0.97·E</c> to <c>1.03·E</c>), where a resource whose expectation
/// is right becomes ready, a poll every <c>0.0025·E</c>: noticed at most a quarter of a percent late there.
/// Lateness is paid once per resource on a chain (cluster, then node group, then add-on, each waiting for
/// the one before), so the polls go where readiness is likeliest: 24 in that band instead of 6, ~18 more
/// Describe calls for a resource ready on time (a 10-minute cluster: one every 1.5 s for 36 s).</item>
/// <item>Past <c>1.25·E</c> the step doubles every further <c>0.25·E</c> (a slow resource is usually much
/// slower, not 1 % slower), up to <see cref="Ceiling"/>: lateness stays within ~25 % of the overrun.</item>
/// <item>Every step is clamped to [<see cref="Floor"/>, <see cref="Ceiling"/>] (100 ms and 15 s of AWS
/// time, divided by the time scale), so tiny expectations do not spin and huge ones are still checked.</item>
/// </list>
/// With a hundred environments in flight, NAT gateway polls are batched by
/// <see cref="NatGatewayStatusPoller"/>, so the Describe rate does not grow with the number of waiters.
/// </summary>
public sealed record PollSchedule(TimeSpan Expected, TimeSpan Floor, TimeSpan Ceiling)
{
    public const double FirstPollFraction = 0.85;
    public const double StepFraction = 0.01;
    public const double FineStepFraction = 0.0025;
    public const double FineFromFraction = 0.97;
    public const double FineUntilFraction = 1.03;
    public const double SteadyUntilFraction = 1.25;
    public const double DoublingFraction = 0.25;

    /// <summary>A schedule for <paramref name="expected"/> AWS time at <paramref name="timeScale"/>× speed.</summary>
    public static PollSchedule For(TimeSpan expected, double timeScale)
    {
        var scale = Math.Max(timeScale, 1e-6);
        return new PollSchedule(expected / scale, TimeSpan.FromMilliseconds(100) / scale, TimeSpan.FromSeconds(15) / scale);
    }

    /// <summary>How long to wait, <paramref name="elapsed"/> after the operation started, before the next poll.</summary>
    public TimeSpan NextDelay(TimeSpan elapsed)
    {
        var firstPoll = Expected * FirstPollFraction;
        if (elapsed < firstPoll)
        {
            return Clamp(firstPoll - elapsed, TimeSpan.Zero, TimeSpan.MaxValue);
        }

        var fine = elapsed >= Expected * FineFromFraction && elapsed < Expected * FineUntilFraction;
        var step = Expected * (fine ? FineStepFraction : StepFraction);
        var steadyUntil = Expected * SteadyUntilFraction;
        if (elapsed > steadyUntil && Expected > TimeSpan.Zero)
        {
            var doublings = (elapsed - steadyUntil) / (Expected * DoublingFraction);
            step *= Math.Pow(2, Math.Min(doublings, 30));
        }

        return Clamp(step, Floor, Ceiling);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
