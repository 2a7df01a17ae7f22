using Kund.Domain.Resources;

namespace Kund.Domain.Drift;

/// <summary>
/// One attribute of one recorded resource that the cloud no longer has as applied: <paramref name="Key"/> is
/// the node key, <paramref name="Attribute"/> names the attribute (<c>exists</c>, <c>tags.cost-center</c>,
/// <c>routes[0.0.0.0/0]</c>), <paramref name="Expected"/> what Kund applied, <paramref name="Actual"/> what the
/// cloud answered (null: absent).
/// </summary>
public sealed record DriftItem(string Key, ResourceKind Kind, string Attribute, string? Expected, string? Actual, DriftSeverity Severity)
{
    public const string Exists = "exists";
    public const string Present = "present";

    /// <summary>The recorded resource is not in the cloud any more.</summary>
    public static DriftItem Missing(string key, ResourceKind kind, string cloudId) =>
        new(key, kind, Exists, $"{Present} ({cloudId})", null, DriftSeverity.Functional);

    /// <summary>The rule name an ignore pattern is matched against: <c>EksNodeGroup.scaling.desiredSize</c>.</summary>
    public string RuleName => $"{Kind}.{Attribute}";
}

/// <summary>A resource in the environment's VPC or carrying its tags that Kund did not make.</summary>
public sealed record UnmanagedResource(string CloudId, string Kind, string Reason);
