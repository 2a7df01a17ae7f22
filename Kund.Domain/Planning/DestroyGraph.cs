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
    /// <paramref name="graph"/> with the edges a destroy does not walk reversed: a route table's to the NAT
    /// gateways it routes through. AWS deletes a NAT gateway while routes still point at it (they turn
    /// <c>blackhole</c>, docs/aws-behaviour.md), and a table with a blackhole route deletes like any other, so
    /// the gateway need not wait for its tables. Waiting put the slowest delete, with the smallest API bucket,
    /// behind each table's disassociations; not waiting also stops the gateway's hourly charge sooner. A change
    /// that removes a NAT gateway from a running environment keeps the order (<see cref="DiffPlanner"/>: its
    /// routes move first), so no traffic is blackholed while the environment is in use.
    /// </summary>
    public static ResourceGraph Ordering(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var natGateways = graph.Nodes.Where(n => n.Kind == ResourceKind.NatGateway).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        return natGateways.Count == 0
            ? graph
            : new ResourceGraph(graph.Nodes.Select(n => n.Kind == ResourceKind.RouteTable && n.DependsOn.Any(natGateways.Contains)
                ? n with { DependsOn = [.. n.DependsOn.Where(key => !natGateways.Contains(key))] }
                : n));
    }

    /// <summary>
    /// Adds the teardown nodes to <paramref name="graph"/>. Edges point the create way (a node depends on what
    /// it needs), so for the reverse walk "deleted before X" means "X depends on it".
    /// </summary>
    public static ResourceGraph Extend(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = Ordering(graph).Nodes.ToList();
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
