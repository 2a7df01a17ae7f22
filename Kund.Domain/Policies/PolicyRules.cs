using System.Globalization;
using Kund.Domain.Cost;
using Kund.Domain.Json;
using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Domain.Policies;

/// <summary>
/// A team's policy and the sum of the estimates of the team's other live environments (the budget's
/// other shares): what the gate needs beside the spec.
/// </summary>
public sealed record PolicyInput(string Team, TeamPolicy Policy, decimal OtherLiveMonthlyUsd)
{
    /// <summary>What is left of the team's budget before this environment; null without a budget.</summary>
    public decimal? BudgetLeftUsd => Policy.MonthlyBudgetUsd is { } budget ? budget - OtherLiveMonthlyUsd : null;
}

/// <summary>
/// The policy gate: the team's guardrails as errors at the field's path, each naming the policy and what
/// it allows (<c>cluster.compute.nodeGroups[0].instanceTypes[0]</c>: "m7g.16xlarge is not allowed by
/// team-a's policy (t3.*, m6i.*)"); cost and budget at <c>monthlyCostUsd</c>. Run after the spec's own
/// rules on the effective spec, by the validator that serves the wizard, the API and submit.
/// </summary>
public static class PolicyRules
{
    /// <summary>The path of the estimate's errors (api.md: a budget overrun is an error at <c>monthlyCostUsd</c>).</summary>
    public const string MonthlyCostUsd = "monthlyCostUsd";

    /// <summary>An environment of <paramref name="purpose"/> expires this long after <paramref name="now"/> by default; null when the policy sets no TTL.</summary>
    public static DateTimeOffset? DefaultExpiry(TeamPolicy policy, Purpose purpose, DateTimeOffset now) =>
        policy.Ttl?.GetValueOrDefault(purpose) is { } ttl ? now.AddDays(ttl.DefaultDays) : null;

    /// <summary>The spec with <c>expiresAt</c> from its purpose's TTL when none is given.</summary>
    public static EnvironmentSpec ApplyDefaults(EnvironmentSpec spec, TeamPolicy policy, DateTimeOffset now) =>
        spec.ExpiresAt is null && DefaultExpiry(policy, spec.Purpose, now) is { } expiry ? spec with { ExpiresAt = expiry } : spec;

    /// <summary>
    /// <paramref name="result"/> (the spec's own rules) with the policy's errors added. Cost and budget are
    /// checked only for a spec without other errors, as only such a spec has an estimate.
    /// </summary>
    public static ValidationResult Check(EnvironmentSpec effective, CloudCatalog catalog, PolicyInput input, DateTimeOffset now, ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<(string Path, string Message)>();
        var policy = input.Policy;
        var owner = $"{input.Team}'s policy";

        if (policy.AllowedRegions is { Count: > 0 } regions && !regions.Contains(effective.Region, StringComparer.Ordinal))
        {
            errors.Add((SpecPaths.Region, $"{effective.Region} is not allowed by {owner} ({string.Join(", ", regions)})"));
        }

        CheckCluster(effective.Cluster, policy, owner, errors);

        foreach (var tag in policy.RequiredTags ?? [])
        {
            if (effective.Tags?.TryGetValue(tag, out var value) != true || string.IsNullOrWhiteSpace(value))
            {
                errors.Add((SpecPaths.Tag(tag), $"the tag {tag} is required by {owner} (required: {string.Join(", ", policy.RequiredTags!)})"));
            }
        }

        if (policy.Ttl?.GetValueOrDefault(effective.Purpose) is { } ttl && effective.ExpiresAt is { } expiresAt && expiresAt > now.AddDays(ttl.MaxDays))
        {
            errors.Add((SpecPaths.ExpiresAt, Invariant($"{Purpose(effective.Purpose)} environments live at most {ttl.MaxDays} days by {owner}; expiresAt is {expiresAt:yyyy-MM-dd}, the latest allowed is {now.AddDays(ttl.MaxDays):yyyy-MM-dd}")));
        }

        if (result.IsValid && (policy.MaxMonthlyCostUsd is not null || policy.MonthlyBudgetUsd is not null))
        {
            var cost = decimal.Round(CostEstimator.Estimate(effective, catalog).MonthlyTotalUsd, 2);
            if (policy.MaxMonthlyCostUsd is { } max && cost > max)
            {
                errors.Add((MonthlyCostUsd, Invariant($"the estimate of ${cost:0.00} a month is above the maximum of ${max:0.00} per environment by {owner}")));
            }

            if (input.BudgetLeftUsd is { } left && cost > left)
            {
                errors.Add((MonthlyCostUsd, Invariant($"the estimate of ${cost:0.00} a month exceeds what is left of the monthly budget of ${policy.MonthlyBudgetUsd:0.00} by {owner}: live environments take ${input.OtherLiveMonthlyUsd:0.00}, ${Math.Max(left, 0):0.00} is left")));
            }
        }

        foreach (var (path, message) in errors)
        {
            result = result.WithError(path, message);
        }

        return result;
    }

    /// <summary>Whether an instance type matches a pattern with <c>*</c> as the only wildcard (<c>t3.*</c>).</summary>
    public static bool Matches(string pattern, string instanceType)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, instanceType, StringComparison.OrdinalIgnoreCase);
        }

        if (!instanceType.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase) || !instanceType.EndsWith(parts[^1], StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var at = parts[0].Length;
        var end = instanceType.Length - parts[^1].Length;
        foreach (var part in parts[1..^1])
        {
            var found = instanceType.IndexOf(part, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0 || found + part.Length > end)
            {
                return false;
            }

            at = found + part.Length;
        }

        return at <= end;
    }

    private static void CheckCluster(ClusterSpec? cluster, TeamPolicy policy, string owner, List<(string Path, string Message)> errors)
    {
        if (cluster is null)
        {
            return;
        }

        if (policy.AllowedSupportTypes is { Count: > 0 } support && cluster.SupportType is { } type && !support.Contains(type))
        {
            errors.Add(("cluster.supportType", $"{EnumNames.NameOf(type)} support is not allowed by {owner} ({string.Join(", ", support.Select(s => EnumNames.NameOf(s)))})"));
        }

        if (cluster.Compute is not { Mode: ComputeMode.ManagedNodes, NodeGroups: { } groups })
        {
            return;
        }

        var nodes = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            if (group is null)
            {
                continue;
            }

            var path = Invariant($"cluster.compute.nodeGroups[{g}]");
            var types = group.InstanceTypes ?? [];
            for (var i = 0; i < types.Count; i++)
            {
                if (policy.AllowedInstanceTypes is { Count: > 0 } allowed && types[i] is { } instanceType && !allowed.Any(pattern => Matches(pattern, instanceType)))
                {
                    errors.Add((Invariant($"{path}.instanceTypes[{i}]"), $"{instanceType} is not allowed by {owner} ({string.Join(", ", allowed)})"));
                }
            }

            nodes += group.MaxSize;
            if (policy.MaxNodes is { } maxNodes && nodes > maxNodes)
            {
                errors.Add((path + ".maxSize", Invariant($"the node groups may grow to {nodes} nodes; {owner} allows at most {maxNodes}")));
            }
        }
    }

    private static string Purpose(Purpose purpose) => EnumNames.NameOf(purpose) ?? purpose.ToString();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
