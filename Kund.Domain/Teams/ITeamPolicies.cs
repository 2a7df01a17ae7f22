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

    /// <summary>The policies of several teams at once (a list of waiting requests): a store reads them in one go.</summary>
    async Task<IReadOnlyDictionary<string, TeamPolicy>> GetManyAsync(IReadOnlyCollection<string> teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var policies = new Dictionary<string, TeamPolicy>(StringComparer.Ordinal);
        foreach (var team in teams.Distinct(StringComparer.Ordinal))
        {
            policies[team] = await GetAsync(team, cancellationToken);
        }

        return policies;
    }
}
