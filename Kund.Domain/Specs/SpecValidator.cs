using Kund.Domain.Specs.Validation;

namespace Kund.Domain.Specs;

/// <summary>
/// The rules of a spec, all at once. One validator serves the wizard (live, per field) and the API
/// (400 with errors keyed by path), so paths come from <see cref="SpecPaths"/> and never change.
/// </summary>
public static class SpecValidator
{
    /// <summary>
    /// Validates an effective spec (see <see cref="SpecDefaults.Apply"/>) against what the cloud offers.
    /// Never throws for anything a client can send: nulls from JSON are reported, not dereferenced.
    /// </summary>
    public static ValidationResult Validate(EnvironmentSpec effectiveSpec, CloudCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(effectiveSpec);
        ArgumentNullException.ThrowIfNull(catalog);

        var context = new ValidationContext(effectiveSpec, catalog, now);

        // The other rules switch over these enums; a value no member has is reported alone.
        if (!EnumRules.Check(context))
        {
            return context.ToResult();
        }

        EnvironmentRules.Check(context);
        VpcRules.Check(context);
        SubnetRules.Check(context);
        RoutingRules.Check(context);
        ClusterRoleRules.Check(context);
        ClusterRules.Check(context);
        ComputeRules.Check(context);
        AddonRules.Check(context);
        AccessRules.Check(context);
        TagRules.Check(context);
        return context.ToResult();
    }
}
