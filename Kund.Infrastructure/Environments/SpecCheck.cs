using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Infrastructure.Environments;

/// <summary>The outcome of checking a spec: the effective spec (defaults filled in) and what is wrong with it.</summary>
public sealed record SpecCheck(EnvironmentSpec EffectiveSpec, ValidationResult Result)
{
    /// <summary>
    /// Defaults applied, then every rule, as the API checks a spec. The one place that does both: the API
    /// goes through <see cref="EnvironmentService.CheckAsync"/>, the wizard calls this on every edit with the
    /// catalog it already holds.
    /// </summary>
    /// <param name="policy">The team's policy (<see cref="ITeamPolicies"/>): it supplies defaults such as the access entries.</param>
    public static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, TeamPolicy policy, DateTimeOffset now)
    {
        var effective = SpecDefaults.Apply(spec, catalog, policy);
        return new SpecCheck(effective, SpecValidator.Validate(effective, catalog, now));
    }
}
