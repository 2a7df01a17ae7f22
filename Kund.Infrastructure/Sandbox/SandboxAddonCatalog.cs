using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// The EKS managed add-ons the sandbox offers and the Kubernetes versions each version runs on
/// (docs/aws-behaviour.md, "Node groups, add-ons and access entries"). Newest version first per add-on.
/// </summary>
public static class SandboxAddonCatalog
{
    /// <summary>Add-on name → its type as DescribeAddonVersions reports it.</summary>
    public static IReadOnlyDictionary<string, string> Types { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["coredns"] = "networking",
        ["eks-pod-identity-agent"] = "security",
        ["kube-proxy"] = "networking",
        ["vpc-cni"] = "networking",
    };

    /// <summary>The add-ons that run as pods on nodes and are DEGRADED while the cluster has none.</summary>
    public static IReadOnlySet<string> NeedNodes { get; } = new HashSet<string>(["coredns"], StringComparer.Ordinal);

    public static IReadOnlyList<SandboxAddonVersion> Versions { get; } =
    [
        new("coredns", "v1.13.1-eksbuild.1", ["1.35"], ["1.35"]),
        new("coredns", "v1.12.4-eksbuild.1", ["1.34", "1.35"], ["1.34"]),
        new("coredns", "v1.12.1-eksbuild.2", ["1.33", "1.34"], ["1.33"]),
        new("eks-pod-identity-agent", "v1.3.10-eksbuild.1", ["1.34", "1.35"], []),
        new("eks-pod-identity-agent", "v1.3.8-eksbuild.2", ["1.33", "1.34", "1.35"], ["1.33", "1.34", "1.35"]),
        new("kube-proxy", "v1.35.0-eksbuild.2", ["1.35"], ["1.35"]),
        new("kube-proxy", "v1.34.1-eksbuild.2", ["1.34"], ["1.34"]),
        new("kube-proxy", "v1.33.5-eksbuild.2", ["1.33"], ["1.33"]),
        new("vpc-cni", "v1.21.1-eksbuild.1", ["1.34", "1.35"], ["1.35"]),
        new("vpc-cni", "v1.20.4-eksbuild.2", ["1.33", "1.34", "1.35"], ["1.33", "1.34"]),
        new("vpc-cni", "v1.19.6-eksbuild.7", ["1.33"], []),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Types.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The version EKS installs when CreateAddon names none: the default for the cluster's Kubernetes version.</summary>
    public static SandboxAddonVersion? DefaultFor(string addonName, string clusterVersion) =>
        Versions.FirstOrDefault(v => v.AddonName == addonName && v.DefaultFor.Contains(clusterVersion));
}
