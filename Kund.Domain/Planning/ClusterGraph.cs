using Kund.Domain.Json;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Planning;

/// <summary>
/// What makes a cluster usable (aws-facts.md, "What a team needs to use a cluster"): the node role and its
/// three policies, one node group per group, the managed add-ons, an access entry per principal, Auto Mode's
/// extra cluster-role policies and node role, and the subnet tags load balancers look for. Edges are true
/// dependencies only: a node group needs the cluster and its role with the policies attached, never a route
/// table (a later NAT change must be able to replace one while the nodes stay); coredns waits for the nodes,
/// since it stays DEGRADED until some exist.
/// </summary>
public static class ClusterGraph
{
    public const string WorkerNodePolicy = "AmazonEKSWorkerNodePolicy";
    public const string RegistryPullOnlyPolicy = "AmazonEC2ContainerRegistryPullOnly";
    public const string CniPolicy = "AmazonEKS_CNI_Policy";
    public const string WorkerNodeMinimalPolicy = "AmazonEKSWorkerNodeMinimalPolicy";

    /// <summary>The add-on that waits for a node group: it is DEGRADED until nodes exist.</summary>
    public const string CoreDnsAddon = "coredns";

    /// <summary>The trust policy that lets EC2 instances (the nodes) assume the node role.</summary>
    public const string NodeTrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>The cluster role's trust under Auto Mode: EKS must also tag its sessions.</summary>
    public const string AutoModeClusterTrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";

    /// <summary>The node role's AWS managed policies for managed node groups, by name (their ARNs depend on the partition).</summary>
    public static IReadOnlyList<string> ManagedNodePolicies { get; } = [WorkerNodePolicy, RegistryPullOnlyPolicy, CniPolicy];

    /// <summary>The node role's policies under Auto Mode, by name.</summary>
    public static IReadOnlyList<string> AutoModeNodePolicies { get; } = [WorkerNodeMinimalPolicy, RegistryPullOnlyPolicy];

    /// <summary>What the cluster role holds beyond AmazonEKSClusterPolicy under Auto Mode, by name.</summary>
    public static IReadOnlyList<string> AutoModeClusterPolicies { get; } =
    [
        "AmazonEKSComputePolicy",
        "AmazonEKSBlockStoragePolicy",
        "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingPolicy",
    ];

    public const string PublicLoadBalancerTag = "kubernetes.io/role/elb";
    public const string InternalLoadBalancerTag = "kubernetes.io/role/internal-elb";

    /// <summary><c>kubernetes.io/cluster/&lt;name&gt;</c>, valued <c>shared</c> on the subnets Kund made.</summary>
    public static string ClusterTag(string clusterName) => $"kubernetes.io/cluster/{clusterName}";

    /// <summary>The policy ARN EKS knows an access policy by in <paramref name="partition"/>.</summary>
    public static string AccessPolicyArn(EksAccessPolicy policy, AwsPartition partition) =>
        partition.AccessPolicyArn(EnumNames.NameOf(policy) ?? throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such access policy."));

    /// <summary>The compute mode of an effective cluster; a spec stored before compute existed has none.</summary>
    public static ComputeMode ModeOf(ClusterSpec cluster) => cluster.Compute?.Mode ?? ComputeMode.None;

    /// <summary>The tags a subnet carries so that load balancers find it (public: internet-facing, private: internal); null without a cluster.</summary>
    public static IReadOnlyDictionary<string, string>? SubnetTags(SubnetSpec subnet, ClusterSpec? cluster) => cluster?.Name is not { Length: > 0 } name
        ? null
        : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [subnet.Tier == SubnetTier.Public ? PublicLoadBalancerTag : InternalLoadBalancerTag] = "1",
            [ClusterTag(name)] = "shared",
        };

    /// <summary>The node role's key and the ARN of an existing role when the spec names one instead.</summary>
    internal sealed record NodeRole(string? Key, string? Arn, IReadOnlyList<string> AttachmentKeys);

    /// <summary>The node role and its attachments, when the compute mode runs nodes; null for <c>none</c>.</summary>
    internal static (NodeRole Role, IReadOnlyList<ResourceNode> Nodes)? NodeRoleNodes(ClusterSpec cluster, AwsPartition partition)
    {
        var mode = ModeOf(cluster);
        var policies = mode switch
        {
            ComputeMode.ManagedNodes => ManagedNodePolicies,
            ComputeMode.AutoMode => AutoModeNodePolicies,
            ComputeMode.None => null,
        };
        if (policies is null)
        {
            return null;
        }

        var role = cluster.NodeRole ?? throw NotEffective("cluster.nodeRole is not set");
        if (!role.Create)
        {
            var arn = role.ExistingArn ?? throw NotEffective("cluster.nodeRole.existingArn is not set while create is false");
            return (new NodeRole(null, arn, []), []);
        }

        var roleName = role.Name ?? throw NotEffective("cluster.nodeRole.name is not set");
        var nodes = new List<ResourceNode> { new(ResourceKeys.NodeRole, ResourceKind.IamRole, [], new IamRoleDesired(roleName, NodeTrustPolicy)) };
        foreach (var policy in policies)
        {
            nodes.Add(new ResourceNode(
                ResourceKeys.NodeRolePolicy(policy),
                ResourceKind.IamRolePolicyAttachment,
                [ResourceKeys.NodeRole],
                new IamRolePolicyAttachmentDesired(ResourceKeys.NodeRole, roleName, partition.ManagedPolicyArn(policy))));
        }

        return (new NodeRole(ResourceKeys.NodeRole, null, [.. nodes.Skip(1).Select(node => node.Key)]), nodes);
    }

    /// <summary>Auto Mode's extra policies on a cluster role Kund creates.</summary>
    internal static IEnumerable<ResourceNode> AutoModeClusterRolePolicies(string roleName, AwsPartition partition) =>
        AutoModeClusterPolicies.Select(policy => new ResourceNode(
            ResourceKeys.ClusterRoleExtraPolicy(policy),
            ResourceKind.IamRolePolicyAttachment,
            [ResourceKeys.ClusterRole],
            new IamRolePolicyAttachmentDesired(ResourceKeys.ClusterRole, roleName, partition.ManagedPolicyArn(policy))));

    /// <summary>Node groups, add-ons and access entries: everything that lives inside the cluster.</summary>
    internal static IEnumerable<ResourceNode> Workloads(ClusterSpec cluster, string clusterName, NodeRole? nodeRole, AwsPartition partition)
    {
        var groupKeys = new List<string>();
        if (ModeOf(cluster) == ComputeMode.ManagedNodes && nodeRole is not null)
        {
            foreach (var group in cluster.Compute?.NodeGroups ?? [])
            {
                var subnetKeys = (group.Subnets ?? cluster.Subnets ?? []).Select(ResourceKeys.Subnet).ToList();
                var key = ResourceKeys.NodeGroup(group.Name);
                groupKeys.Add(key);
                yield return new ResourceNode(
                    key,
                    ResourceKind.EksNodeGroup,
                    [ResourceKeys.Cluster, .. OptionalKey(nodeRole.Key), .. nodeRole.AttachmentKeys, .. subnetKeys],
                    new EksNodeGroupDesired(
                        group.Name,
                        ResourceKeys.Cluster,
                        clusterName,
                        nodeRole.Key ?? "",
                        subnetKeys,
                        group.InstanceTypes ?? [],
                        EnumNames.NameOf(group.CapacityType) ?? "ON_DEMAND",
                        group.AmiType ?? SpecDefaults.DefaultAmiType,
                        group.DiskSizeGiB,
                        group.MinSize,
                        group.DesiredSize,
                        group.MaxSize,
                        group.Labels ?? new Dictionary<string, string>(),
                        cluster.KubernetesVersion,
                        nodeRole.Arn));
            }
        }

        foreach (var addon in cluster.Addons ?? [])
        {
            // Under Auto Mode the nodes come with the cluster; coredns has no node group to wait for.
            List<string> after = addon.Name == CoreDnsAddon ? [ResourceKeys.Cluster, .. groupKeys] : [ResourceKeys.Cluster];
            yield return new ResourceNode(
                ResourceKeys.Addon(addon.Name),
                ResourceKind.EksAddon,
                after,
                new EksAddonDesired(ResourceKeys.Cluster, clusterName, addon.Name, addon.Version));
        }

        var access = cluster.Access ?? [];
        var keys = AccessKeys(access.Select(entry => entry.PrincipalArn).ToList());
        for (var index = 0; index < access.Count; index++)
        {
            var entry = access[index];
            yield return new ResourceNode(
                keys[index],
                ResourceKind.EksAccessEntry,
                [ResourceKeys.Cluster],
                new EksAccessEntryDesired(ResourceKeys.Cluster, clusterName, entry.PrincipalArn, AccessPolicyArn(entry.Policy, partition), entry.Namespaces ?? []));
        }
    }

    /// <summary>
    /// <c>access/&lt;last path segment&gt;</c> (<c>access/team-a-developers</c>); when two principals share that
    /// segment, each of them gets the longer <c>access/&lt;account&gt;/&lt;resource path&gt;</c> instead.
    /// </summary>
    internal static IReadOnlyList<string> AccessKeys(IReadOnlyList<string> principalArns)
    {
        var shortKeys = principalArns.Select(arn => ResourceKeys.AccessEntry(LastSegment(arn))).ToList();
        return [.. shortKeys.Select((key, index) => shortKeys.Count(other => other == key) > 1
            ? ResourceKeys.AccessEntry(LongForm(principalArns[index]))
            : key)];
    }

    private static string LastSegment(string arn)
    {
        var resource = ResourcePart(arn);
        var slash = resource.LastIndexOf('/');
        return slash >= 0 ? resource[(slash + 1)..] : resource;
    }

    // arn:aws:iam::111111111111:role/path/name → 111111111111/role/path/name
    private static string LongForm(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 ? $"{parts[4]}/{parts[5]}" : arn;
    }

    private static string ResourcePart(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 ? parts[5] : arn;
    }

    private static IEnumerable<string> OptionalKey(string? key) => key is null ? [] : [key];

    private static ArgumentException NotEffective(string what) =>
        new($"The spec is not effective: {what}. Apply the spec defaults before building the graph.");
}
