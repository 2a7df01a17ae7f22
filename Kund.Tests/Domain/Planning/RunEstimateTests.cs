using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Planning;

/// <summary>Progress by expected time: the cluster is one resource but most of the wait.</summary>
public sealed class RunEstimateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_SmallOnesDoneClusterJustStarted_FewPercentAndTheClustersTimeLeft()
    {
        var nodes = Seed(Start.AddSeconds(10), clusterStarted: Start.AddSeconds(10));

        var estimate = RunEstimate.Of(nodes, destroy: false, LatencyModel.Default, Start.AddSeconds(10));

        Assert.InRange(estimate.Percent, 1, 5);
        Assert.Equal(TimeSpan.FromSeconds(600), estimate.Remaining);
    }

    [Fact]
    public void Of_ClusterHalfway_AboutHalf()
    {
        var nodes = Seed(Start.AddSeconds(10), clusterStarted: Start.AddSeconds(10));

        var estimate = RunEstimate.Of(nodes, destroy: false, LatencyModel.Default, Start.AddSeconds(310));

        Assert.InRange(estimate.Percent, 48, 54);
        Assert.Equal(TimeSpan.FromSeconds(300), estimate.Remaining);
    }

    [Fact]
    public void Of_NothingStarted_ZeroAndTheCriticalPathLeft()
    {
        var nodes = new List<EstimateNode>
        {
            new("vpc", ResourceKind.Vpc, [], ResourceState.Pending, null),
            new("nat", ResourceKind.NatGateway, ["vpc"], ResourceState.Pending, null),
            new("eks", ResourceKind.EksCluster, ["vpc"], ResourceState.Pending, null),
        };

        var estimate = RunEstimate.Of(nodes, destroy: false, LatencyModel.Default, Start);

        Assert.Equal(0, estimate.Percent);
        Assert.Equal(TimeSpan.FromSeconds(602), estimate.Remaining);
    }

    [Fact]
    public void Of_Destroy_WaitsForDependentsFirst()
    {
        var nodes = new List<EstimateNode>
        {
            new("vpc", ResourceKind.Vpc, [], ResourceState.Created, Start),
            new("eks", ResourceKind.EksCluster, ["vpc"], ResourceState.Deleting, Start),
        };

        var estimate = RunEstimate.Of(nodes, destroy: true, LatencyModel.Default, Start.AddSeconds(80));

        // The cluster's 480 s delete, 80 s in, then the VPC's 2 s.
        Assert.Equal(TimeSpan.FromSeconds(402), estimate.Remaining);
        Assert.InRange(estimate.Percent, 15, 17);
    }

    [Fact]
    public void Of_AllDone_Hundred()
    {
        var nodes = new List<EstimateNode> { new("vpc", ResourceKind.Vpc, [], ResourceState.Created, Start) };

        Assert.Equal(new RunEstimate(100, TimeSpan.Zero), RunEstimate.Of(nodes, destroy: false, LatencyModel.Default, Start.AddSeconds(5)));
    }

    private static List<EstimateNode> Seed(DateTimeOffset smallDone, DateTimeOffset clusterStarted) =>
    [
        new("vpc", ResourceKind.Vpc, [], ResourceState.Created, Start),
        new("subnet/a", ResourceKind.Subnet, ["vpc"], ResourceState.Created, Start.AddSeconds(2)),
        new("role", ResourceKind.IamRole, [], ResourceState.Created, Start),
        new("role/policy", ResourceKind.IamRolePolicyAttachment, ["role"], ResourceState.Created, Start.AddSeconds(1)),
        new("igw", ResourceKind.InternetGateway, ["vpc"], ResourceState.Created, smallDone.AddSeconds(-3)),
        new("eks", ResourceKind.EksCluster, ["subnet/a", "role/policy"], ResourceState.Creating, clusterStarted),
    ];
}
