using Kund.Domain.Policies;
using Kund.Domain.Specs;

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
    public static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, DateTimeOffset now, PolicyInput? policy = null)
    {
        var effective = SpecDefaults.Apply(spec, catalog);
        if (policy is null)
        {
            return new SpecCheck(effective, SpecValidator.Validate(effective, catalog, now));
        }

        effective = PolicyRules.ApplyDefaults(effective, policy.Policy, now);
        return new SpecCheck(effective, PolicyRules.Check(effective, catalog, policy, now, SpecValidator.Validate(effective, catalog, now)));
    }
}
