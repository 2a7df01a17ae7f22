namespace Kund.Infrastructure.Drift;

/// <summary><c>Kund:Drift</c>: how the drift monitor runs.</summary>
public sealed class DriftOptions
{
    public const string SectionName = "Kund:Drift";

    /// <summary>Whether this node runs the monitor (scheduled checks and requested ones).</summary>
    public bool RunMonitor { get; set; } = true;

    /// <summary>Whether passes also check Ready environments on their team's schedule (off: only checks asked for).</summary>
    public bool Scheduled { get; set; } = true;

    /// <summary>How often the monitor looks for requested and due checks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Read calls per second a pass may make, all services together: a fifth of EC2's refill rate for
    /// non-mutating calls, so creates running at the same time keep their budget. 0: unpaced (tests).
    /// </summary>
    public double ReadsPerSecond { get; set; } = 4;

    /// <summary>Environments one pass checks at most; the rest wait for the next pass.</summary>
    public int MaxEnvironmentsPerPass { get; set; } = 200;

    /// <summary>After this long a claimed check that never finished (its node died) is taken over.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        PollInterval <= TimeSpan.Zero ? $"{SectionName}:PollInterval must be positive, not {PollInterval}."
        : ReadsPerSecond < 0 ? $"{SectionName}:ReadsPerSecond must be 0 (unpaced) or more, not {ReadsPerSecond}."
        : MaxEnvironmentsPerPass < 1 ? $"{SectionName}:MaxEnvironmentsPerPass must be at least 1, not {MaxEnvironmentsPerPass}."
        : ClaimTimeout <= TimeSpan.Zero ? $"{SectionName}:ClaimTimeout must be positive, not {ClaimTimeout}."
        : null;
}
