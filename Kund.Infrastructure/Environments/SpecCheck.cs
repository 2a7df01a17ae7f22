using Kund.Domain.Specs;

namespace Kund.Infrastructure.Environments;

/// <summary>The outcome of checking a spec: the effective spec (defaults filled in) and what is wrong with it.</summary>
public sealed record SpecCheck(EnvironmentSpec EffectiveSpec, ValidationResult Result)
{
    /// <summary>
    /// Defaults applied, then every rule, as the API checks a spec. The one place that does both: the API
    /// goes through <see cref="EnvironmentService.CheckAsync"/>, the wizard calls this on every edit with the
    /// catalog it already holds.
    /// </summary>
    public static SpecCheck Of(EnvironmentSpec spec, CloudCatalog catalog, DateTimeOffset now)
    {
        var effective = SpecDefaults.Apply(spec, catalog);
        return new SpecCheck(effective, SpecValidator.Validate(effective, catalog, now));
    }
}
