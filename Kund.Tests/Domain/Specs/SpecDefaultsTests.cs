using Kund.Domain.Specs;

namespace Kund.Tests.Domain.Specs;

public class SpecDefaultsTests
{
    private static EnvironmentSpec Apply(EnvironmentSpec spec) => SpecDefaults.Apply(spec, SpecFixtures.Catalog, SpecFixtures.PolicyOf(spec));

    [Fact]
    public void Apply_MinimalSeed_EqualsTheSeedOfApiMd()
    {
        var effective = Apply(SpecFixtures.Minimal);

        Assert.Equal(SpecFixtures.ToJson(SpecFixtures.FromJson(SpecFixtures.ApiMdJson)), SpecFixtures.ToJson(effective));
    }

    [Fact]
    public void Apply_SeedFixture_GetsTheClusterDefaultsOfApiMd() =>
        Assert.Equal(SpecFixtures.ToJson(SpecFixtures.FromJson(SpecFixtures.ApiMdJson)), SpecFixtures.ToJson(Apply(SpecFixtures.Seed)));

    [Fact]
    public void Apply_SeedOfApiMd_ChangesNothing()
    {
        var apiMd = SpecFixtures.FromJson(SpecFixtures.ApiMdJson);

        Assert.Equal(SpecFixtures.ToJson(apiMd), SpecFixtures.ToJson(Apply(apiMd)));
    }

    [Fact]
    public void Apply_SubnetsEmpty_DefaultLayoutInTheRegionsFirstTwoZones()
    {
        var effective = Apply(SpecFixtures.Minimal with { Region = "eu-west-1", Subnets = [] });

        Assert.Equal(
            ["public-a eu-west-1a", "public-b eu-west-1b", "private-a eu-west-1a", "private-b eu-west-1b"],
            effective.Subnets!.Select(subnet => $"{subnet.Name} {subnet.AvailabilityZone}"));
    }

    [Fact]
    public void Apply_SubnetsGiven_KeptAsTheyAre()
    {
        SubnetSpec[] given = [new() { Name = "only", Cidr = "10.3.0.0/24", AvailabilityZone = "ap-northeast-2c", Tier = SubnetTier.Public }];

        var effective = Apply(SpecFixtures.Minimal with { Subnets = given });

        Assert.Same(given, effective.Subnets);
        Assert.Empty(effective.Cluster!.Subnets!);
    }

    [Theory]
    [InlineData("10.3.1.0/16", "ap-northeast-2")]
    [InlineData("not a cidr", "ap-northeast-2")]
    [InlineData("10.3.0.0/16", "mars-north-1")]
    [InlineData("10.3.0.0/27", "ap-northeast-2")]
    public void Apply_InvalidVpcOrUnknownRegion_SubnetsLeftEmpty(string cidr, string region)
    {
        var effective = Apply(SpecFixtures.Minimal with { Region = region, Vpc = new VpcSpec { Cidr = cidr } });

        Assert.NotNull(effective.Subnets);
        Assert.Empty(effective.Subnets);
    }

    [Fact]
    public void Apply_RoutingOmitted_InternetGatewayAndSingleNat()
    {
        var routing = Apply(SpecFixtures.Minimal with { Routing = null }).Routing!;

        Assert.True(routing.InternetGateway);
        Assert.Equal(NatGatewayMode.Single, routing.NatGateways);
    }

    [Fact]
    public void Apply_ClusterRoleOmitted_CreateNamedAfterEnvironment()
    {
        var role = Apply(SpecFixtures.Minimal with { ClusterRole = null }).ClusterRole!;

        Assert.True(role.Create);
        Assert.Equal("payments-dev-eks-cluster", role.Name);
    }

    [Fact]
    public void Apply_ClusterRoleCreateWithoutName_GetsTheDefaultName() =>
        Assert.Equal("payments-dev-eks-cluster", Apply(SpecFixtures.Minimal with { ClusterRole = new ClusterRoleSpec { Create = true } }).ClusterRole!.Name);

    [Fact]
    public void Apply_ExistingRole_LeftWithoutName()
    {
        var role = new ClusterRoleSpec { Create = false, ExistingArn = "arn:aws:iam::123456789012:role/eks" };

        Assert.Equal(role, Apply(SpecFixtures.Minimal with { ClusterRole = role }).ClusterRole);
    }

    [Fact]
    public void Apply_ClusterOmittedParts_NameSubnetsCidrsLoggingFilled()
    {
        var cluster = Apply(SpecFixtures.Minimal with { Cluster = new ClusterSpec { KubernetesVersion = "1.34" } }).Cluster!;

        Assert.Equal("payments-dev", cluster.Name);
        Assert.Equal(["private-a", "private-b"], cluster.Subnets!);
        Assert.Equal(["0.0.0.0/0"], cluster.PublicAccessCidrs!);
        Assert.Empty(cluster.Logging!);
    }

    [Fact]
    public void Apply_ClusterPartsGiven_Kept()
    {
        var cluster = Apply(SpecFixtures.Minimal.WithCluster(cluster => cluster with
        {
            Name = "payments",
            Subnets = ["public-a", "public-b"],
            PublicAccessCidrs = ["203.0.113.0/24"],
        })).Cluster!;

        Assert.Equal("payments", cluster.Name);
        Assert.Equal(["public-a", "public-b"], cluster.Subnets!);
        Assert.Equal(["203.0.113.0/24"], cluster.PublicAccessCidrs!);
    }

    [Fact]
    public void Apply_PublicAccessOff_NoPublicAccessCidrs() =>
        Assert.Empty(Apply(SpecFixtures.Minimal.WithCluster(cluster => cluster with { EndpointPublicAccess = false })).Cluster!.PublicAccessCidrs!);

    [Fact]
    public void Apply_NoCluster_StaysNetworkOnly() =>
        Assert.Null(Apply(SpecFixtures.Minimal with { Cluster = null }).Cluster);

    [Fact]
    public void Apply_TagsOmitted_EmptyTags() =>
        Assert.Empty(Apply(SpecFixtures.Minimal with { Tags = null }).Tags!);

    public static TheoryData<string, EnvironmentSpec> Specs => new()
    {
        { "minimal", SpecFixtures.Minimal },
        { "seed", SpecFixtures.Seed },
        { "network only", SpecFixtures.Minimal with { Cluster = null, ClusterRole = null, Routing = null, Tags = null } },
        { "invalid vpc", SpecFixtures.Minimal with { Vpc = new VpcSpec { Cidr = "10.3.1.0/16" } } },
        { "unknown region", SpecFixtures.Minimal with { Region = "nowhere" } },
        { "empty json", SpecFixtures.FromJson("{}") },
        { "private only", SpecFixtures.Minimal.WithCluster(cluster => cluster with { EndpointPublicAccess = false, Name = "" }) },
        { "existing role", SpecFixtures.Minimal with { ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = "arn:aws:iam::123456789012:role/x" } } },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Apply_Twice_SameAsOnce(string because, EnvironmentSpec spec)
    {
        var once = Apply(spec);

        Assert.True(SpecFixtures.ToJson(once) == SpecFixtures.ToJson(Apply(once)), because);
    }
}
