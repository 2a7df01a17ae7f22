using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Tests.Domain.Specs;

/// <summary>The cluster defaults of api.md: API access, standard support, one node group, the node role, four add-ons, the team's principals.</summary>
public class ClusterDefaultsTests
{
    private static ClusterSpec Apply(EnvironmentSpec spec, TeamPolicy? policy = null) =>
        SpecDefaults.Apply(spec, SpecFixtures.Catalog, policy ?? SpecFixtures.PolicyOf(spec)).Cluster!;

    [Fact]
    public void Apply_ClusterWithoutCompute_OneGeneralNodeGroupOnTheClusterSubnets()
    {
        var cluster = Apply(SpecFixtures.Minimal);

        var group = Assert.Single(cluster.Compute!.NodeGroups!);
        Assert.Equal(ComputeMode.ManagedNodes, cluster.Compute.Mode);
        Assert.Equal(("general", "m6i.large", 1, 2, 3), (group.Name, group.InstanceTypes![0], group.MinSize, group.DesiredSize, group.MaxSize));
        Assert.Equal(["private-a", "private-b"], group.Subnets);
        Assert.Equal("payments-dev-eks-node", cluster.NodeRole!.Name);
        Assert.Equal((ClusterAuthenticationMode.Api, ClusterSupportType.Standard), (cluster.AuthenticationMode, cluster.SupportType));
        Assert.Equal(["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"], cluster.Addons!.Select(a => a.Name));
        Assert.All(cluster.Addons!, a => Assert.Null(a.Version));
    }

    [Fact]
    public void Apply_AccessOmitted_TheTeamsPrincipalsAsClusterAdmins()
    {
        var policy = TeamPolicy.Safe with { Principals = ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::111111111111:role/b"] };

        var cluster = Apply(SpecFixtures.Minimal, policy);

        Assert.Equal(policy.Principals, cluster.Access!.Select(a => a.PrincipalArn));
        Assert.All(cluster.Access!, a => Assert.Equal(EksAccessPolicy.AmazonEKSClusterAdminPolicy, a.Policy));
    }

    [Fact]
    public void Apply_TeamWithoutPrincipals_NoAccessEntries() =>
        Assert.Empty(Apply(SpecFixtures.Minimal, TeamPolicy.Safe).Access!);

    [Fact]
    public void Apply_AccessGiven_KeptWhateverThePolicySays()
    {
        AccessEntrySpec[] given = [new() { PrincipalArn = "arn:aws:iam::111111111111:role/ops", Policy = EksAccessPolicy.AmazonEKSViewPolicy }];

        var cluster = Apply(SpecFixtures.Minimal with { Cluster = SpecFixtures.Minimal.Cluster! with { Access = given } });

        Assert.Same(given, cluster.Access);
    }

    [Fact]
    public void Apply_ComputeNone_NoNodeGroupsAndNoNodeRole()
    {
        var cluster = Apply(SpecFixtures.Minimal with { Cluster = SpecFixtures.Minimal.Cluster! with { Compute = new ComputeSpec { Mode = ComputeMode.None } } });

        Assert.Null(cluster.Compute!.NodeGroups);
        Assert.Null(cluster.NodeRole);
    }

    [Fact]
    public void Apply_NodeGroupPartlyGiven_RestFilledAndSubnetsKept()
    {
        var cluster = Apply(SpecFixtures.Minimal with
        {
            Cluster = SpecFixtures.Minimal.Cluster! with { Compute = new ComputeSpec { NodeGroups = [new NodeGroupSpec { Name = "spot", CapacityType = CapacityType.Spot, Subnets = ["private-b"] }] } },
        });

        var group = Assert.Single(cluster.Compute!.NodeGroups!);
        Assert.Equal(("spot", CapacityType.Spot, "AL2023_x86_64_STANDARD"), (group.Name, group.CapacityType, group.AmiType));
        Assert.Equal(["private-b"], group.Subnets);
    }

    [Fact]
    public void Apply_Twice_SameAsOnce()
    {
        var once = SpecDefaults.Apply(SpecFixtures.Minimal, SpecFixtures.Catalog, SpecFixtures.PolicyOf(SpecFixtures.Minimal));

        Assert.Equal(SpecFixtures.ToJson(once), SpecFixtures.ToJson(SpecDefaults.Apply(once, SpecFixtures.Catalog, TeamPolicy.Safe)));
    }
}
