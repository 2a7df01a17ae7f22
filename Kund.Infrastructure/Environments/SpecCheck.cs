using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Infrastructure.Environments;

/// <summary>The outcome of checking a spec: the effective spec (defaults filled in) and what is wrong with it.</summary>
public sealed record SpecCheck(EnvironmentSpec EffectiveSpec, ValidationResult Result)
{
    /// <summary>
    /// Defaults applied, then every rule, as the API checks a spec. The one place that does both: the API
    /// goes through <see cref="EnvironmentService.CheckAsync"/>, the wizard calls this on every edit with the
    /// catalog it already holds. With <paramref name="policy"/>, the team's policy gives the expiry's default
    /// and its rules (<see cref="PolicyRules"/>) follow the spec's own.
    /// </summary>
    /// <param name="policy">The team's policy (<see cref="ITeamPolicies"/>): it supplies defaults such as the access entries.</param>
    public static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, TeamPolicy policy, DateTimeOffset now) =>
        Of(spec, catalog, policy, now, gate: null);

    /// <param name="gate">The team's policy with what its other live environments cost: defaults, then the policy's rules.</param>
    public static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, PolicyInput gate, DateTimeOffset now) =>
        Of(spec, catalog, gate.Policy, now, gate);

    private static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, TeamPolicy policy, DateTimeOffset now, PolicyInput? gate)
    {
        var effective = SpecDefaults.Apply(spec, catalog, policy);
        if (gate is null)
        {
            return new SpecCheck(effective, SpecValidator.Validate(effective, catalog, now));
        }

        effective = PolicyRules.ApplyDefaults(effective, gate.Policy, now);
        return new SpecCheck(effective, PolicyRules.Check(effective, catalog, gate, now, SpecValidator.Validate(effective, catalog, now)));
    }
}
