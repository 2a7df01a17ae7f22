using Kund.Domain.Drift;
using Kund.Domain.Specs;

namespace Kund.Domain.Teams;

/// <summary>
/// A team's guardrails (api.md, "Team policy"): what its environments may be and who may use their
/// clusters. Null or empty members mean "no limit" except where <see cref="Safe"/> says otherwise.
/// The spec's defaults read <see cref="Principals"/>; the validator checks the rest.
/// </summary>
public sealed record TeamPolicy
{
    public IReadOnlyList<string>? AllowedRegions { get; init; }

    public decimal? MaxMonthlyCostUsd { get; init; }

    public decimal? MonthlyBudgetUsd { get; init; }

    public IReadOnlyList<ClusterSupportType>? AllowedSupportTypes { get; init; }

    /// <summary>Instance type patterns with <c>*</c> as the only wildcard (<c>t3.*</c>).</summary>
    public IReadOnlyList<string>? AllowedInstanceTypes { get; init; }

    public int? MaxNodes { get; init; }

    public IReadOnlyList<string>? RequiredTags { get; init; }

    public IReadOnlyDictionary<Purpose, TtlRule>? Ttl { get; init; }

    /// <summary>Distinct approvers a request of each purpose needs.</summary>
    public IReadOnlyDictionary<Purpose, int>? Approvals { get; init; }

    public IReadOnlyDictionary<Purpose, decimal>? AutoApproveBelowUsd { get; init; }

    /// <summary>The team's IAM principals: the default access entries of its clusters.</summary>
    public IReadOnlyList<string>? Principals { get; init; }

    /// <summary>Drift checks: what to ignore and how often to check (null: nothing ignored, every 4 hours).</summary>
    public DriftRules? Drift { get; init; }

    /// <summary>The policy of a team nobody configured: standard support only, prod needs two approvers, no principals.</summary>
    public static TeamPolicy Safe { get; } = new()
    {
        AllowedSupportTypes = [ClusterSupportType.Standard],
        Approvals = new Dictionary<Purpose, int> { [Purpose.Dev] = 1, [Purpose.Stage] = 1, [Purpose.Prod] = 2, [Purpose.Demo] = 1 },
    };
}

/// <summary>How long an environment of one purpose lives by default, and at most.</summary>
public sealed record TtlRule(int DefaultDays, int MaxDays);
