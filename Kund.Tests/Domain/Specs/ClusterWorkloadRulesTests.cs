using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

/// <summary>The rules of compute, add-ons and access (issue 14, item 9): each failing and passing, by path.</summary>
public class ClusterWorkloadRulesTests
{
    private const string Groups = "cluster.compute.nodeGroups";

    private static ValidationResult WithCluster(Func<ClusterSpec, ClusterSpec> change) =>
        SpecFixtures.Validate(SpecFixtures.Seed with { Cluster = change(SpecFixtures.Seed.Cluster!) });

    private static ValidationResult WithGroup(NodeGroupSpec group) =>
        WithCluster(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.ManagedNodes, NodeGroups = [group] } });

    private static NodeGroupSpec General => new() { Name = "general" };

    [Fact]
    public void Seed_WithDefaults_NoErrorsAndNoWarningsOnTheNewFields()
    {
        var result = SpecFixtures.Validate(SpecFixtures.Seed);

        NoErrors(result);
        Assert.DoesNotContain(result.Warnings.Keys, k => k.StartsWith("cluster.compute", StringComparison.Ordinal) || k.StartsWith("cluster.access", StringComparison.Ordinal) || k.StartsWith("cluster.addons", StringComparison.Ordinal));
    }

    [Fact]
    public void NodeGroupSubnets_AmongTheClusters_NoError() =>
        NoErrorAt(WithGroup(General with { Subnets = ["private-b"] }), $"{Groups}[0].subnets");

    [Fact]
    public void NodeGroupSubnets_NotTheClusters_Error() =>
        HasError(WithGroup(General with { Subnets = ["private-a", "public-a"] }), $"{Groups}[0].subnets", "public-a is not one of the cluster's subnets (private-a and private-b)");

    [Fact]
    public void NodeGroupSubnets_PrivateWithoutNat_ErrorNoRouteOut() =>
        HasError(
            SpecFixtures.Validate(SpecFixtures.Seed with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.None } }),
            $"{Groups}[0].subnets",
            "private-a and private-b have no route to the internet with this routing (internet gateway on, NAT gateways none)",
            "Ec2SubnetInvalidConfiguration");

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1, 2, 3)]
    [InlineData(3, 3, 3)]
    public void Sizes_MinAtMostDesiredAtMostMax_NoError(int min, int desired, int max)
    {
        var result = WithGroup(General with { MinSize = min, DesiredSize = desired, MaxSize = max });

        Assert.DoesNotContain(result.Errors.Keys, k => k.StartsWith($"{Groups}[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Sizes_DesiredAboveMax_ErrorAtDesiredSize() =>
        HasError(WithGroup(General with { MinSize = 1, DesiredSize = 4, MaxSize = 3 }), $"{Groups}[0].desiredSize", "desiredSize 4 is outside 1..3; EKS needs minSize ≤ desiredSize ≤ maxSize");

    [Fact]
    public void Sizes_DesiredBelowMin_ErrorAtDesiredSize() =>
        HasError(WithGroup(General with { MinSize = 2, DesiredSize = 1, MaxSize = 3 }), $"{Groups}[0].desiredSize", "desiredSize 1 is outside 2..3");

    [Fact]
    public void Sizes_MinAboveMax_ErrorAtMinSize() =>
        HasError(WithGroup(General with { MinSize = 4, DesiredSize = 4, MaxSize = 3 }), $"{Groups}[0].minSize", "minSize 4 is larger than maxSize 3");

    [Fact]
    public void Sizes_MaxAtTheQuota_NoError() =>
        NoErrorAt(WithGroup(General with { MaxSize = SpecLimits.NodesPerNodeGroupQuota }), $"{Groups}[0].maxSize");

    [Fact]
    public void Sizes_MaxAboveTheQuota_Error() =>
        HasError(WithGroup(General with { MaxSize = 451 }), $"{Groups}[0].maxSize", "maxSize 451 exceeds the account's quota of 450 nodes per managed node group");

    [Fact]
    public void InstanceType_OfferedInTheRegion_NoError() =>
        NoErrorAt(WithGroup(General with { InstanceTypes = ["t3.large", "m7g.16xlarge"] }), $"{Groups}[0].instanceTypes[1]");

    [Fact]
    public void InstanceType_NotOfferedInTheRegion_Error() =>
        HasError(WithGroup(General with { InstanceTypes = ["m6i.large", "x9z.huge"] }), $"{Groups}[0].instanceTypes[1]", "x9z.huge is not offered in ap-northeast-2");

    [Fact]
    public void InstanceType_SizeTheRegionDoesNotOffer_ErrorNamesTheFamilysOfferedSizes() =>
        HasError(
            WithGroup(General with { InstanceTypes = ["m6i.8xlarge"] }),
            $"{Groups}[0].instanceTypes[0]",
            "m6i.8xlarge is not offered in ap-northeast-2 (EC2 offers these m6i sizes there: m6i.large, m6i.xlarge)");

    [Fact]
    public void InstanceType_CatalogThatCouldNotSay_RuleSkippedNotGuessed()
    {
        var unknown = new CloudCatalog([.. SpecFixtures.Catalog.Regions.Select(r => r with { InstanceTypes = null })]);
        var spec = SpecFixtures.Seed with { Cluster = SpecFixtures.Seed.Cluster! with { Compute = new ComputeSpec { Mode = ComputeMode.ManagedNodes, NodeGroups = [General with { InstanceTypes = ["x9z.huge"] }] } } };

        var result = SpecValidator.Validate(SpecDefaults.Apply(spec, unknown, new Kund.Domain.Teams.TeamPolicy()), unknown, SpecFixtures.Now);

        NoErrorAt(result, $"{Groups}[0].instanceTypes[0]");
        HasError(SpecFixtures.Validate(spec), $"{Groups}[0].instanceTypes[0]", "x9z.huge is not offered in ap-northeast-2");
    }

    [Fact]
    public void InstanceType_NotAnInstanceTypeName_Error() =>
        HasError(WithGroup(General with { InstanceTypes = ["large"] }), $"{Groups}[0].instanceTypes[0]", "large is not an EC2 instance type such as m6i.large");

    [Fact]
    public void NodeGroupNames_Repeated_Error() =>
        HasError(
            WithCluster(c => c with { Compute = new ComputeSpec { NodeGroups = [General, General with { MinSize = 0 }] } }),
            $"{Groups}[1].name",
            "another node group is already named general");

    [Fact]
    public void AutoMode_WithoutNodeGroups_NoError() =>
        NoErrorAt(WithCluster(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.AutoMode } }), Groups);

    [Fact]
    public void AutoMode_WithNodeGroups_ErrorAllOrNothing() =>
        HasError(
            WithCluster(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.AutoMode, NodeGroups = [General] } }),
            Groups,
            "EKS Auto Mode runs the nodes itself (compute, load balancing and block storage all on)");

    [Fact]
    public void ComputeNone_WarnsThatNothingCanBeScheduled()
    {
        var result = WithCluster(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.None } });

        NoErrors(result);
        HasWarning(result, SpecPaths.ClusterComputeMode, "nothing can be scheduled on it");
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/team-a-developers")]
    [InlineData("arn:aws:iam::111111111111:role/path/ops")]
    [InlineData("arn:aws:iam::111111111111:user/alice")]
    public void Principal_WellFormed_NoError(string arn) =>
        NoErrorAt(WithCluster(c => c with { Access = [new AccessEntrySpec { PrincipalArn = arn }] }), "cluster.access[0].principalArn");

    [Theory]
    [InlineData("arn:aws:iam::1111:role/ops")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("team-a-developers")]
    public void Principal_Malformed_Error(string arn) =>
        HasError(WithCluster(c => c with { Access = [new AccessEntrySpec { PrincipalArn = arn }] }), "cluster.access[0].principalArn", "is not an IAM principal ARN");

    [Theory]
    [InlineData("cn-north-1", "arn:aws-cn:iam::111111111111:role/ops", null)]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::111111111111:user/alice", null)]
    [InlineData("cn-north-1", "arn:aws:iam::111111111111:role/ops", "is in partition aws, but cn-north-1 is in aws-cn: its ARNs begin with arn:aws-cn:")]
    [InlineData("ap-northeast-2", "arn:aws-us-gov:iam::111111111111:role/ops", "is in partition aws-us-gov, but ap-northeast-2 is in aws")]
    public void Principal_PartitionOfTheRegion_OthersRefused(string region, string arn, string? error)
    {
        var spec = SpecFixtures.Seed with { Region = region };
        var result = SpecFixtures.Validate(spec with { Cluster = spec.Cluster! with { Access = [new AccessEntrySpec { PrincipalArn = arn }] } });

        if (error is null)
        {
            NoErrorAt(result, "cluster.access[0].principalArn");
        }
        else
        {
            HasError(result, "cluster.access[0].principalArn", error);
        }
    }

    [Fact]
    public void ExistingRole_OtherPartition_ErrorAtExistingArn()
    {
        var spec = SpecFixtures.Seed with { Region = "cn-north-1", ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = "arn:aws:iam::111111111111:role/eks" } };

        HasError(SpecFixtures.Validate(spec), "clusterRole.existingArn", "is in partition aws, but cn-north-1 is in aws-cn");
        NoErrorAt(SpecFixtures.Validate(spec with { ClusterRole = spec.ClusterRole with { ExistingArn = "arn:aws-cn:iam::111111111111:role/eks" } }), "clusterRole.existingArn");
    }

    [Fact]
    public void Principal_Duplicate_ErrorAtTheSecond() =>
        HasError(
            WithCluster(c => c with
            {
                Access =
                [
                    new AccessEntrySpec { PrincipalArn = "arn:aws:iam::111111111111:role/ops" },
                    new AccessEntrySpec { PrincipalArn = "arn:aws:iam::111111111111:role/ops", Policy = EksAccessPolicy.AmazonEKSViewPolicy },
                ],
            }),
            "cluster.access[1].principalArn",
            "is already given access at cluster.access[0]; EKS allows one access entry per principal");

    [Fact]
    public void Access_Empty_WarnsNobodyCanReachTheCluster() =>
        HasWarning(WithCluster(c => c with { Access = [] }), SpecPaths.ClusterAccess, "nobody but Kund can reach the cluster");

    [Fact]
    public void Addon_KnownAndPinnedCompatible_NoError() =>
        NoErrors(WithCluster(c => c with { Addons = [new AddonSpec { Name = "vpc-cni" }, new AddonSpec { Name = "coredns", Version = "v1.12.4-eksbuild.1" }] }));

    [Fact]
    public void Addon_UnknownName_Error() =>
        HasError(WithCluster(c => c with { Addons = [new AddonSpec { Name = "vpc-cnii" }] }), "cluster.addons[0].name", "EKS offers no add-on named vpc-cnii in ap-northeast-2");

    [Fact]
    public void Addon_PinnedVersionIncompatible_ErrorAtVersion() =>
        HasError(
            WithCluster(c => c with { Addons = [new AddonSpec { Name = "vpc-cni" }, new AddonSpec { Name = "coredns", Version = "v1.11.4-eksbuild.2" }] }),
            "cluster.addons[1].version",
            "coredns v1.11.4-eksbuild.2 is not compatible with Kubernetes 1.34; compatible: v1.12.4-eksbuild.1");

    [Fact]
    public void Addon_Repeated_Error() =>
        HasError(WithCluster(c => c with { Addons = [new AddonSpec { Name = "vpc-cni" }, new AddonSpec { Name = "vpc-cni" }] }), "cluster.addons[1].name", "vpc-cni is listed more than once");

    [Fact]
    public void NodeRole_ExistingArnMalformed_ErrorAtItsPath() =>
        HasError(WithCluster(c => c with { NodeRole = new ClusterRoleSpec { Create = false, ExistingArn = "nodes" } }), SpecPaths.ClusterNodeRoleExistingArn, "nodes is not an IAM role ARN");
}
