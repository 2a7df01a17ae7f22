using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Planning;

public class ResourceGraphBuilderTests
{
    [Fact]
    public void Build_SeedSpec_HasExactlyTheExpectedNodesAndEdges()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        var edges = graph.Nodes.ToDictionary(n => n.Key, n => n.DependsOn.Order(StringComparer.Ordinal).ToArray());
        var expected = new Dictionary<string, string[]>
        {
            ["vpc"] = [],
            ["subnet/public-a"] = ["vpc"],
            ["subnet/public-b"] = ["vpc"],
            ["subnet/private-a"] = ["vpc"],
            ["subnet/private-b"] = ["vpc"],
            ["igw"] = ["vpc"],
            ["eip/ap-northeast-2a"] = [],
            ["nat/ap-northeast-2a"] = ["eip/ap-northeast-2a", "igw", "subnet/public-a"],
            ["rtb/public"] = ["igw", "subnet/public-a", "subnet/public-b", "vpc"],
            ["rtb/private"] = ["nat/ap-northeast-2a", "subnet/private-a", "subnet/private-b", "vpc"],
            ["role"] = [],
            ["role/policy"] = ["role"],
            ["eks"] = ["role", "role/policy", "subnet/private-a", "subnet/private-b"],
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), edges.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, dependsOn) in expected)
        {
            Assert.True(dependsOn.SequenceEqual(edges[key]), $"{key} depends on [{string.Join(", ", edges[key])}], expected [{string.Join(", ", dependsOn)}]");
        }
    }

    [Fact]
    public void Build_SeedSpec_ClusterDependsOnItsSubnetsAndPolicyOnly()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        var cluster = graph[ResourceKeys.Cluster];
        var desired = Assert.IsType<EksClusterDesired>(cluster.Desired);
        Assert.Equal(ResourceKind.EksCluster, cluster.Kind);
        Assert.Equal(["subnet/private-a", "subnet/private-b"], desired.SubnetKeys);
        Assert.Equal("role", desired.RoleKey);
        Assert.Null(desired.RoleArn);
        Assert.DoesNotContain(cluster.DependsOn, d => d.StartsWith("nat/", StringComparison.Ordinal) || d.StartsWith("rtb", StringComparison.Ordinal) || d == "igw");
    }

    [Fact]
    public void Build_SeedSpec_RoutesAndNatAreWiredToTheRightTargets()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        var nat = Assert.IsType<NatGatewayDesired>(graph["nat/ap-northeast-2a"].Desired);
        Assert.Equal(("subnet/public-a", "eip/ap-northeast-2a"), (nat.SubnetKey, nat.ElasticIpKey));
        var publicTable = Assert.IsType<RouteTableDesired>(graph[ResourceKeys.PublicRouteTable].Desired);
        Assert.Equal([new RouteDesired("0.0.0.0/0", "igw")], publicTable.Routes);
        Assert.Equal(["subnet/public-a", "subnet/public-b"], publicTable.SubnetKeys);
        var privateTable = Assert.IsType<RouteTableDesired>(graph[ResourceKeys.PrivateRouteTable].Desired);
        Assert.Equal([new RouteDesired("0.0.0.0/0", "nat/ap-northeast-2a")], privateTable.Routes);
        Assert.Equal(["subnet/private-a", "subnet/private-b"], privateTable.SubnetKeys);
    }

    [Fact]
    public void Build_SeedSpec_RoleTrustsEksAndGetsTheClusterPolicy()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Seed());

        var role = Assert.IsType<IamRoleDesired>(graph[ResourceKeys.ClusterRole].Desired);
        Assert.Equal("payments-dev-eks-cluster", role.RoleName);
        using var trust = System.Text.Json.JsonDocument.Parse(role.AssumeRolePolicyDocument);
        var statement = trust.RootElement.GetProperty("Statement")[0];
        Assert.Equal("eks.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        var policy = Assert.IsType<IamRolePolicyAttachmentDesired>(graph[ResourceKeys.ClusterRolePolicy].Desired);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", policy.PolicyArn);
    }

    [Fact]
    public void Build_NetworkOnly_HasNoClusterAndNoRole()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.NetworkOnly());

        Assert.Equal(10, graph.Count);
        Assert.DoesNotContain(graph.Nodes, n => n.Kind is ResourceKind.EksCluster or ResourceKind.IamRole or ResourceKind.IamRolePolicyAttachment);
    }

    [Fact]
    public void Build_PerAz_MakesANatGatewayAndRouteTablePerZone()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.PerAz());

        Assert.Equal(["eip/ap-northeast-2a", "eip/ap-northeast-2b"], graph.Keys.Where(k => k.StartsWith("eip/", StringComparison.Ordinal)));
        Assert.Equal(["nat/ap-northeast-2a", "nat/ap-northeast-2b"], graph.Keys.Where(k => k.StartsWith("nat/", StringComparison.Ordinal)));
        Assert.Equal(
            ["rtb/private/ap-northeast-2a", "rtb/private/ap-northeast-2b"],
            graph.Keys.Where(k => k.StartsWith("rtb/private", StringComparison.Ordinal)));
        Assert.Equal(["subnet/public-b", "eip/ap-northeast-2b", "igw"], graph["nat/ap-northeast-2b"].DependsOn);
        Assert.Equal(["vpc", "nat/ap-northeast-2b", "subnet/private-b"], graph["rtb/private/ap-northeast-2b"].DependsOn);
        Assert.Equal(16, graph.Count);
    }

    [Fact]
    public void Build_Regional_OneGatewayOfTheVpcWithoutAddressNodesAndOnePrivateTable()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Regional());

        var nat = Assert.Single(graph.Nodes, n => n.Kind == ResourceKind.NatGateway);
        Assert.Equal(ResourceKeys.RegionalNatGateway, nat.Key);
        Assert.Equal(new RegionalNatGatewayDesired(ResourceKeys.Vpc), nat.Desired);
        Assert.Equal(["vpc", "igw"], nat.DependsOn);
        Assert.DoesNotContain(graph.Nodes, n => n.Kind == ResourceKind.ElasticIp);
        var privateTable = Assert.IsType<RouteTableDesired>(graph[ResourceKeys.PrivateRouteTable].Desired);
        Assert.Equal([new RouteDesired("0.0.0.0/0", ResourceKeys.RegionalNatGateway)], privateTable.Routes);
        Assert.Equal(["vpc", "nat/regional", "subnet/private-a", "subnet/private-b"], graph[ResourceKeys.PrivateRouteTable].DependsOn);
        Assert.Equal(12, graph.Count);
    }

    [Fact]
    public void Build_RegionalWithoutPublicSubnets_StillOneGatewayRoutedThroughTheInternetGateway()
    {
        var seed = TestSpecs.Regional();
        var spec = seed with { Subnets = [.. seed.Subnets!.Where(s => s.Tier == Kund.Domain.Specs.SubnetTier.Private)], Cluster = null };

        var graph = ResourceGraphBuilder.Build(spec);

        Assert.True(graph.Contains(ResourceKeys.RegionalNatGateway));
        Assert.False(graph.Contains(ResourceKeys.PublicRouteTable));
        Assert.Equal(["vpc", "subnet/private-a", "subnet/private-b", "igw", "nat/regional", "rtb/private"], graph.Keys);
    }

    [Fact]
    public void Build_NoNat_PrivateTableHasNoDefaultRoute()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.NoNat());

        Assert.DoesNotContain(graph.Nodes, n => n.Kind is ResourceKind.NatGateway or ResourceKind.ElasticIp);
        var privateTable = graph[ResourceKeys.PrivateRouteTable];
        Assert.Empty(Assert.IsType<RouteTableDesired>(privateTable.Desired).Routes);
        Assert.Equal(["vpc", "subnet/private-a", "subnet/private-b"], privateTable.DependsOn);
    }

    [Fact]
    public void Build_ExistingRoleArn_HasNoRoleNodesAndClusterUsesTheArn()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.ExistingRole());

        Assert.False(graph.Contains(ResourceKeys.ClusterRole));
        Assert.False(graph.Contains(ResourceKeys.ClusterRolePolicy));
        var cluster = graph[ResourceKeys.Cluster];
        Assert.Equal(["subnet/private-a", "subnet/private-b"], cluster.DependsOn);
        Assert.Equal(TestSpecs.ExistingRoleArn, Assert.IsType<EksClusterDesired>(cluster.Desired).RoleArn);
    }

    [Fact]
    public void Build_SingleNat_PrefersThePublicSubnetInTheFirstPrivateZone()
    {
        var spec = TestSpecs.Seed();
        spec = spec with { Subnets = [spec.Subnets![0], spec.Subnets[1], spec.Subnets[3], spec.Subnets[2]] };

        var graph = ResourceGraphBuilder.Build(spec);

        var nat = Assert.IsType<NatGatewayDesired>(graph["nat/ap-northeast-2b"].Desired);
        Assert.Equal("subnet/public-b", nat.SubnetKey);
    }

    [Fact]
    public void Build_SpecWithoutDefaults_ThrowsSayingWhatIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => ResourceGraphBuilder.Build(TestSpecs.Seed() with { Routing = null }));

        Assert.Contains("routing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NatWithoutInternetGateway_Throws()
    {
        var spec = TestSpecs.Seed() with { Routing = new() { InternetGateway = false, NatGateways = Kund.Domain.Specs.NatGatewayMode.Single } };

        Assert.Throws<ArgumentException>(() => ResourceGraphBuilder.Build(spec));
    }
}
