using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Tests.Support;

namespace Kund.Tests.Domain.Planning;

/// <summary>The graph a destroy walks reversed: the environment's own, less the edges a destroy need not keep.</summary>
public sealed class DestroyGraphTests
{
    [Theory]
    [InlineData(NatGatewayMode.Single)]
    [InlineData(NatGatewayMode.PerAz)]
    [InlineData(NatGatewayMode.Regional)]
    public void Ordering_RouteTablesNoLongerWaitForTheirNatGateways_EveryOtherEdgeKept(NatGatewayMode mode)
    {
        var spec = SeedSpecs.Payments();
        spec = spec with { Routing = spec.Routing! with { NatGateways = mode } };
        var graph = ResourceGraphBuilder.Build(spec);
        var nats = graph.Nodes.Where(n => n.Kind == ResourceKind.NatGateway).Select(n => n.Key).ToHashSet();
        Assert.Contains(graph.Nodes, n => n.Kind == ResourceKind.RouteTable && n.DependsOn.Any(nats.Contains));

        var ordering = DestroyGraph.Ordering(graph);

        Assert.Equal(graph.Keys, ordering.Keys);
        foreach (var node in graph.Nodes)
        {
            var kept = node.Kind == ResourceKind.RouteTable ? node.DependsOn.Where(d => !nats.Contains(d)) : node.DependsOn;
            Assert.Equal(kept, ordering[node.Key].DependsOn);
        }
    }

    [Fact]
    public void Build_TheDestroyWalksTheOrdering()
    {
        var destroy = DestroyGraph.Build(SeedSpecs.Payments());
        var nat = ResourceKeys.NatGateway("ap-northeast-2a");

        Assert.DoesNotContain(nat, destroy[ResourceKeys.PrivateRouteTable].DependsOn);
        Assert.DoesNotContain(ResourceKeys.PrivateRouteTable, destroy.DependentsOf(nat));

        // What the gateway needs is still deleted after it: its address, its subnet, the internet gateway.
        Assert.Contains(nat, destroy.DependentsOf(ResourceKeys.ElasticIp("ap-northeast-2a")));
        Assert.Contains(nat, destroy.DependentsOf(ResourceKeys.InternetGateway));
    }
}
