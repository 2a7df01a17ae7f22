using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Planning;

public class ResourceGraphTests
{
    [Fact]
    public void Constructor_DuplicateKey_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Graph(("a", []), ("a", [])));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownDependency_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Graph(("a", ["ghost"])));

        Assert.Contains("ghost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Cycle_ThrowsNamingTheNodes()
    {
        var error = Assert.Throws<ArgumentException>(() => Graph(("a", ["c"]), ("b", ["a"]), ("c", ["b"]), ("d", [])));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("d", error.Message.Split(':')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TopologicalOrder_NodesGivenOutOfOrder_PutsDependenciesFirst()
    {
        var graph = Graph(("eks", ["subnet", "role"]), ("subnet", ["vpc"]), ("role", []), ("vpc", []));

        var order = graph.TopologicalOrder.Select(n => n.Key).ToList();

        Assert.True(order.IndexOf("vpc") < order.IndexOf("subnet"));
        Assert.True(order.IndexOf("subnet") < order.IndexOf("eks"));
        Assert.True(order.IndexOf("role") < order.IndexOf("eks"));
    }

    [Fact]
    public void Reverse_TurnsEveryEdgeAround()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        var reversed = graph.Reverse();

        Assert.Equal(["nat/ap-northeast-2a"], reversed["eip/ap-northeast-2a"].DependsOn);
        Assert.Empty(reversed[ResourceKeys.Cluster].DependsOn);
        Assert.Equal(graph.Nodes.Sum(n => n.DependsOn.Count), reversed.Nodes.Sum(n => n.DependsOn.Count));
        Assert.Equal(graph.Nodes.Select(n => n.Key), reversed.Reverse().Nodes.Select(n => n.Key));
        Assert.All(graph.Nodes, n => Assert.Equal(n.DependsOn.Order(StringComparer.Ordinal), reversed.Reverse()[n.Key].DependsOn.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void DependentsAndDescendants_OfSeedVpc_CoverTheNetworkButNotTheRole()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        Assert.Equal(
            ["igw", "rtb/private", "rtb/public", "subnet/private-a", "subnet/private-b", "subnet/public-a", "subnet/public-b"],
            graph.DependentsOf("vpc").Order(StringComparer.Ordinal));
        var descendants = graph.DescendantsOf("vpc");
        Assert.Equal(9, descendants.Count);
        Assert.DoesNotContain("role", descendants);
        Assert.DoesNotContain("eip/ap-northeast-2a", descendants);
        Assert.Contains("eks", descendants);
    }

    [Theory]
    [InlineData(1, new[] { "b:a", "c:b", "d:c" })]
    [InlineData(2, new[] { "b:a", "c:a", "d:b,c" })]
    [InlineData(4, new[] { "a:", "b:", "c:", "d:" })]
    [InlineData(3, new[] { "b:a", "c:a", "d:a", "e:b,c,d" })]
    public void Width_SmallGraphs_IsTheLargestAntichain(int expected, string[] edges)
    {
        var nodes = edges.Select(e => e.Split(':')).Select(p => (p[0], p[1].Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList();
        foreach (var dependency in nodes.SelectMany(n => n.Item2).Distinct().Where(d => nodes.All(n => n.Item1 != d)).ToList())
        {
            nodes.Insert(0, (dependency, []));
        }

        Assert.Equal(expected, Graph([.. nodes]).Width);
    }

    [Fact]
    public void Width_Seed_IsSeven()
    {
        // Chains cover it in seven: vpc→public-a→nat→rtb/private, public-b→rtb/public, private-a→eks,
        // private-b, igw, eip, role→policy; and the four subnets, igw, eip and role are independent.
        Assert.Equal(7, ResourceGraphBuilder.Build(TestSpecs.Seed()).Width);
    }

    internal static ResourceGraph Graph(params (string Key, string[] DependsOn)[] nodes) =>
        new(nodes.Select(n => new ResourceNode(n.Key, ResourceKind.Vpc, n.DependsOn, new VpcDesired("10.0.0.0/16", Kund.Domain.Specs.Tenancy.Default, true, true))));
}
