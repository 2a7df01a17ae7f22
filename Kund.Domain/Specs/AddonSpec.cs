namespace Kund.Domain.Specs;

/// <summary>An EKS managed add-on; a null version is the newest one compatible with the cluster's Kubernetes version.</summary>
public sealed record AddonSpec
{
    public string Name { get; init; } = "";

    public string? Version { get; init; }
}
