namespace Kund.Domain.Drift;

/// <summary>How often a team's Ready environments are checked: every 4 hours unless the team says otherwise.</summary>
public static class DriftSchedule
{
    public const int DefaultHours = 4;

    /// <summary>The interval in cloud time; <paramref name="timeScale"/> above 1 (the sandbox) shortens it as it shortens AWS's durations.</summary>
    public static TimeSpan Interval(DriftRules? rules, double timeScale = 1)
    {
        var hours = rules?.CheckHours is int h && h > 0 ? h : DefaultHours;
        return TimeSpan.FromHours(hours) / Math.Max(1, timeScale);
    }

    /// <summary>True when an environment last checked at <paramref name="lastChecked"/> (null: never) is due at <paramref name="now"/>.</summary>
    public static bool IsDue(DateTimeOffset? lastChecked, TimeSpan interval, DateTimeOffset now) =>
        lastChecked is not { } last || now - last >= interval;
}

/// <summary>
/// A team's drift settings (part of its policy): <paramref name="Ignore"/> patterns of expected noise
/// (see <see cref="DriftIgnore"/>) and <paramref name="CheckHours"/> between scheduled checks (default 4).
/// </summary>
public sealed record DriftRules(IReadOnlyList<string>? Ignore = null, int? CheckHours = null);
