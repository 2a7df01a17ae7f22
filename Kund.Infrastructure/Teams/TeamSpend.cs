using Kund.Domain.Cost;
using Kund.Domain.Environments;
using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Teams;

/// <summary>One live environment's share of its team's budget.</summary>
public sealed record EnvironmentSpend(Guid Id, string Name, EnvironmentStatus Status, decimal MonthlyCostUsd);

/// <summary>
/// What a team's live environments cost a month by their estimates: the budget's shares. Live means
/// approved or holding resources; a request waiting for approval takes its share when it is approved,
/// where the gate checks it again.
/// </summary>
public sealed class TeamSpend(KundDbContext db, ITeamPolicies policies)
{
    public static readonly IReadOnlyList<EnvironmentStatus> Live =
    [
        EnvironmentStatus.Approved,
        EnvironmentStatus.Provisioning,
        EnvironmentStatus.Ready,
        EnvironmentStatus.Failed,
        EnvironmentStatus.Destroying,
    ];

    /// <summary>The team's live environments with their estimates; <paramref name="excludeId"/> leaves one out (the one being checked).</summary>
    public async Task<IReadOnlyList<EnvironmentSpend>> ByEnvironmentAsync(string team, CloudCatalog catalog, Guid? excludeId, CancellationToken cancellationToken)
    {
        var live = await db.Set<TeamEnvironment>().AsNoTracking()
            .Where(e => e.Team == team && Live.Contains(e.Status) && e.Id != excludeId)
            .OrderBy(e => e.Name)
            .Select(e => new { e.Id, e.Name, e.Status, e.Spec })
            .ToListAsync(cancellationToken);
        return [.. live.Select(e => new EnvironmentSpend(e.Id, e.Name, e.Status, decimal.Round(CostEstimator.Estimate(e.Spec, catalog).MonthlyTotalUsd, 2)))];
    }

    /// <summary>What the gate needs for a spec of <paramref name="team"/>: the policy and the other live environments' sum.</summary>
    public async Task<PolicyInput> InputAsync(string team, CloudCatalog catalog, Guid? excludeId, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(team, cancellationToken);
        var others = policy.MonthlyBudgetUsd is null ? [] : await ByEnvironmentAsync(team, catalog, excludeId, cancellationToken);
        return new PolicyInput(team, policy, others.Sum(e => e.MonthlyCostUsd));
    }

    /// <summary>
    /// What the gate needs for many specs at once (the approvals queue): each team's policy and live
    /// environments' estimates in two queries, whatever the number of specs; <see cref="PolicyInputs.For"/>
    /// leaves the spec's own environment out, as <see cref="InputAsync"/> does.
    /// </summary>
    public async Task<PolicyInputs> InputsAsync(IReadOnlyCollection<string> teams, CloudCatalog catalog, CancellationToken cancellationToken)
    {
        var byTeam = await policies.GetManyAsync(teams, cancellationToken);
        var budgeted = byTeam.Where(p => p.Value.MonthlyBudgetUsd is not null).Select(p => p.Key).ToArray();
        var live = budgeted.Length == 0
            ? []
            : await db.Set<TeamEnvironment>().AsNoTracking()
                .Where(e => budgeted.Contains(e.Team) && Live.Contains(e.Status))
                .Select(e => new { e.Id, e.Team, e.Spec })
                .ToListAsync(cancellationToken);
        var costs = live.Select(e => (e.Id, e.Team, Cost: decimal.Round(CostEstimator.Estimate(e.Spec, catalog).MonthlyTotalUsd, 2))).ToList();
        return new PolicyInputs(byTeam, costs);
    }
}

/// <summary>The policies and live estimates of several teams (<see cref="TeamSpend.InputsAsync"/>).</summary>
public sealed class PolicyInputs(IReadOnlyDictionary<string, TeamPolicy> policies, IReadOnlyList<(Guid Id, string Team, decimal Cost)> live)
{
    /// <summary>The gate's input for a spec of <paramref name="team"/>, the environment <paramref name="excludeId"/> left out of the spend.</summary>
    public PolicyInput For(string team, Guid excludeId)
    {
        var policy = policies[team];
        var others = policy.MonthlyBudgetUsd is null ? 0 : live.Where(e => e.Team == team && e.Id != excludeId).Sum(e => e.Cost);
        return new PolicyInput(team, policy, others);
    }
}
