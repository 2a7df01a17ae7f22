using Kund.Domain.Network;

namespace Kund.Domain.Specs;

/// <summary>
/// Fills in what a spec leaves out, exactly as api.md describes, so that the validator, the planner, the
/// cost estimate and every response see the same effective spec. Idempotent: applying it twice changes
/// nothing the first time did not.
/// </summary>
public static class SpecDefaults
{
    /// <summary>Where a public endpoint is reachable from when the user does not limit it.</summary>
    public const string AnywhereCidr = "0.0.0.0/0";

    /// <summary>The default name of the role EKS assumes: <c>&lt;name&gt;-eks-cluster</c>.</summary>
    public static string ClusterRoleName(string environmentName) => $"{environmentName}-eks-cluster";

    /// <summary>
    /// The effective spec. Subnets are only laid out when the region is known and the VPC CIDR is valid
    /// (/16 to /28, private) and large enough; otherwise they stay empty, so that validation reports the region or the CIDR
    /// rather than a consequence of it.
    /// </summary>
    public static EnvironmentSpec Apply(EnvironmentSpec spec, CloudCatalog catalog)
    {
        var name = spec.Name ?? "";
        var subnets = EffectiveSubnets(spec, catalog);
        return spec with
        {
            Name = name,
            Team = spec.Team ?? "",
            Region = spec.Region ?? "",
            Vpc = spec.Vpc ?? new VpcSpec(),
            Subnets = subnets,
            Routing = spec.Routing ?? new RoutingSpec(),
            ClusterRole = EffectiveClusterRole(spec.ClusterRole, name),
            Cluster = spec.Cluster is null ? null : EffectiveCluster(spec.Cluster, name, subnets),
            Tags = spec.Tags ?? new Dictionary<string, string>(),
        };
    }

    private static IReadOnlyList<SubnetSpec> EffectiveSubnets(EnvironmentSpec spec, CloudCatalog catalog)
    {
        if (spec.Subnets is { Count: > 0 } given)
        {
            return given;
        }

        var zones = catalog.FindRegion(spec.Region)?.AvailabilityZones;
        if (zones is null || !CidrBlock.TryParse(spec.Vpc?.Cidr, out var vpc) || !NetworkLayout.IsValidVpcBlock(vpc))
        {
            return [];
        }

        return NetworkLayout.Default(vpc, zones) ?? [];
    }

    private static ClusterRoleSpec EffectiveClusterRole(ClusterRoleSpec? role, string environmentName) => role switch
    {
        null => new ClusterRoleSpec { Create = true, Name = ClusterRoleName(environmentName) },
        { Create: true, Name: var given } when string.IsNullOrWhiteSpace(given) => role with { Name = ClusterRoleName(environmentName) },
        _ => role,
    };

    private static ClusterSpec EffectiveCluster(ClusterSpec cluster, string environmentName, IReadOnlyList<SubnetSpec> subnets) => cluster with
    {
        Name = string.IsNullOrWhiteSpace(cluster.Name) ? environmentName : cluster.Name,
        KubernetesVersion = cluster.KubernetesVersion ?? "",
        Subnets = cluster.Subnets is { Count: > 0 }
            ? cluster.Subnets
            : [.. subnets.Where(subnet => subnet?.Tier == SubnetTier.Private).Select(subnet => subnet.Name)],
        PublicAccessCidrs = cluster.PublicAccessCidrs is { Count: > 0 }
            ? cluster.PublicAccessCidrs
            : cluster.EndpointPublicAccess ? [AnywhereCidr] : [],
        Logging = cluster.Logging ?? [],
    };
}
