using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Planning;

/// <summary>
/// The graph a destroy walks: the environment's own graph plus what finishing it takes. Kubernetes makes
/// load balancers, their interfaces and security groups in the cluster's subnets; they outlive the cluster and
/// keep the subnets and the VPC from being deleted. So, walking the reverse graph: the cluster goes first
/// (its controllers can no longer make new ones), then the load balancers tagged for it, then their security
/// groups once AWS released the interfaces, then the subnets and the VPC; a check that nothing is left runs last.
/// </summary>
public static class DestroyGraph
{
    public const string LoadBalancersKey = "kubernetes/load-balancers";
    public const string SecurityGroupsKey = "kubernetes/security-groups";
    public const string CheckKey = "teardown/check";

    /// <summary>The keys of the nodes only a destroy has.</summary>
    public static IReadOnlySet<string> TeardownKeys { get; } = new HashSet<string>(StringComparer.Ordinal) { LoadBalancersKey, SecurityGroupsKey, CheckKey };

    public static ResourceGraph Build(EnvironmentSpec effective) => Extend(ResourceGraphBuilder.Build(effective));

    /// <summary>
    /// Adds the teardown nodes to <paramref name="graph"/>. Edges point the create way (a node depends on what
    /// it needs), so for the reverse walk "deleted before X" means "X depends on it".
    /// </summary>
    public static ResourceGraph Extend(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = graph.Nodes.ToList();
        var cluster = nodes.FirstOrDefault(n => n.Kind == ResourceKind.EksCluster);
        if (cluster?.Desired is EksClusterDesired desired)
        {
            var subnets = desired.SubnetKeys;
            var leftovers = new KubernetesLeftoversDesired(desired.Name, ResourceKeys.Vpc, subnets);
            nodes.Add(new ResourceNode(SecurityGroupsKey, ResourceKind.KubernetesSecurityGroups, [ResourceKeys.Vpc, .. subnets], leftovers));
            nodes.Add(new ResourceNode(LoadBalancersKey, ResourceKind.KubernetesLoadBalancers, [SecurityGroupsKey, ResourceKeys.Vpc, .. subnets], leftovers));
            nodes = [.. nodes.Select(n => n.Key == cluster.Key ? n with { DependsOn = [.. n.DependsOn, LoadBalancersKey] } : n)];
        }

        nodes = [.. nodes.Select(n => n with { DependsOn = [.. n.DependsOn, CheckKey] })];
        nodes.Add(new ResourceNode(CheckKey, ResourceKind.TeardownCheck, [], new TeardownCheckDesired((cluster?.Desired as EksClusterDesired)?.Name)));
        return new ResourceGraph(nodes);
    }
}
