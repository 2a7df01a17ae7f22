using Kund.Domain.Network;
using Kund.Domain.Teams;

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

    /// <summary>The default name of the role the cluster's nodes run as: <c>&lt;name&gt;-eks-node</c>.</summary>
    public static string NodeRoleName(string environmentName) => $"{environmentName}-eks-node";

    /// <summary>The name of the node group a cluster gets when none is listed.</summary>
    public const string DefaultNodeGroupName = "general";

    /// <summary>The instance type of the default node group.</summary>
    public const string DefaultInstanceType = "m6i.large";

    /// <summary>The AMI of a node group that names none.</summary>
    public const string DefaultAmiType = "AL2023_x86_64_STANDARD";

    /// <summary>The managed add-ons every cluster gets unless it lists its own (aws-facts.md: "the usual set").</summary>
    public static IReadOnlyList<string> DefaultAddons { get; } = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"];

    /// <summary>
    /// The effective spec. Subnets are only laid out when the region is known and the VPC CIDR is valid
    /// (/16 to /28, private) and large enough; otherwise they stay empty, so that validation reports the region or the CIDR
    /// rather than a consequence of it.
    /// </summary>
    /// <param name="policy">The team's policy: its principals are the cluster's default access entries.</param>
    public static EnvironmentSpec Apply(EnvironmentSpec spec, CloudCatalog catalog, TeamPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
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
            Cluster = spec.Cluster is null ? null : EffectiveCluster(spec.Cluster, name, subnets, policy),
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

    private static ClusterSpec EffectiveCluster(ClusterSpec cluster, string environmentName, IReadOnlyList<SubnetSpec> subnets, TeamPolicy policy)
    {
        IReadOnlyList<string> clusterSubnets = cluster.Subnets is { Count: > 0 }
            ? cluster.Subnets
            : [.. subnets.Where(subnet => subnet?.Tier == SubnetTier.Private).Select(subnet => subnet.Name)];
        var compute = EffectiveCompute(cluster.Compute, clusterSubnets);
        return cluster with
        {
            Name = string.IsNullOrWhiteSpace(cluster.Name) ? environmentName : cluster.Name,
            KubernetesVersion = cluster.KubernetesVersion ?? "",
            Subnets = clusterSubnets,
            PublicAccessCidrs = cluster.PublicAccessCidrs is { Count: > 0 }
                ? cluster.PublicAccessCidrs
                : cluster.EndpointPublicAccess ? [AnywhereCidr] : [],
            Logging = cluster.Logging ?? [],
            AuthenticationMode = cluster.AuthenticationMode ?? ClusterAuthenticationMode.Api,
            SupportType = cluster.SupportType ?? ClusterSupportType.Standard,
            Compute = compute,
            NodeRole = compute.Mode == ComputeMode.None ? cluster.NodeRole : EffectiveNodeRole(cluster.NodeRole, environmentName),
            Addons = cluster.Addons ?? [.. DefaultAddons.Select(addon => new AddonSpec { Name = addon })],
            Access = cluster.Access ?? [.. (policy.Principals ?? []).Select(principal => new AccessEntrySpec
            {
                PrincipalArn = principal,
                Policy = EksAccessPolicy.AmazonEKSClusterAdminPolicy,
                Namespaces = [],
            })],
        };
    }

    private static ComputeSpec EffectiveCompute(ComputeSpec? compute, IReadOnlyList<string> clusterSubnets)
    {
        compute ??= new ComputeSpec();
        if (compute.Mode != ComputeMode.ManagedNodes)
        {
            return compute;
        }

        IReadOnlyList<NodeGroupSpec> groups = compute.NodeGroups is { Count: > 0 } listed ? listed : [new NodeGroupSpec { Name = DefaultNodeGroupName }];
        return compute with { NodeGroups = [.. groups.Select(group => EffectiveNodeGroup(group, clusterSubnets))] };
    }

    // A null entry (from JSON) is left for validation to report at its path.
    private static NodeGroupSpec EffectiveNodeGroup(NodeGroupSpec group, IReadOnlyList<string> clusterSubnets) => group is null ? group! : group with
    {
        Name = string.IsNullOrWhiteSpace(group.Name) ? DefaultNodeGroupName : group.Name,
        InstanceTypes = group.InstanceTypes is { Count: > 0 } types ? types : [DefaultInstanceType],
        AmiType = string.IsNullOrWhiteSpace(group.AmiType) ? DefaultAmiType : group.AmiType,
        Subnets = group.Subnets is { Count: > 0 } named ? named : clusterSubnets,
        Labels = group.Labels ?? new Dictionary<string, string>(),
    };

    private static ClusterRoleSpec EffectiveNodeRole(ClusterRoleSpec? role, string environmentName) => role switch
    {
        null => new ClusterRoleSpec { Create = true, Name = NodeRoleName(environmentName) },
        { Create: true, Name: var given } when string.IsNullOrWhiteSpace(given) => role with { Name = NodeRoleName(environmentName) },
        _ => role,
    };
}
