namespace Kund.Domain.Teams;

/// <summary>
/// Where a team's policy comes from. Spec defaults (the team's principals), the validator's policy
/// rules, approval counting and expiry all read the policy through this, so that there is one answer
/// per team at any moment.
/// </summary>
public interface ITeamPolicies
{
    /// <summary>The team's policy; <see cref="TeamPolicy.Safe"/> (with the mode's default principals) when nobody configured one.</summary>
    Task<TeamPolicy> GetAsync(string team, CancellationToken cancellationToken);
}
