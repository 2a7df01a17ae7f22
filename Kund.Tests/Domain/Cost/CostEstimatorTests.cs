using Kund.Domain.Cost;
using Kund.Domain.Specs;
using Kund.Tests.Domain.Specs;

namespace Kund.Tests.Domain.Cost;

public class CostEstimatorTests
{
    private static CostEstimate Estimate(EnvironmentSpec spec) =>
        CostEstimator.Estimate(SpecDefaults.Apply(spec, SpecFixtures.Catalog, SpecFixtures.PolicyOf(spec)), SpecFixtures.Catalog);

    private static EnvironmentSpec WithNat(NatGatewayMode nat) =>
        SpecFixtures.Seed with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = nat } };

    /// <summary>The default node group: 2 × m6i.large (0.096 × 2 × 730 = 140.16) and 2 × 20 GiB gp3 (0.08 × 40 = 3.20).</summary>
    private const decimal Nodes = 143.36m;

    [Fact]
    public void Estimate_SeedEnvironment_252Dollars86AMonth()
    {
        // By hand, 730 hours a month:
        //   EKS cluster, 1.34 (standard support)  0.10  × 730       =  73.00
        //   2 × m6i.large nodes                    0.096 × 2 × 730   = 140.16
        //   their 2 × 20 GiB gp3 root volumes      0.08 × 40         =   3.20
        //   NAT gateway (single, in ap-northeast-2a) 0.045 × 730     =  32.85
        //   its Elastic IP                           0.005 × 730     =   3.65
        //                                                      total = 252.86
        var estimate = Estimate(SpecFixtures.Seed);

        Assert.Equal(
            [("eks", 73.00m), ("nodegroup/general", 140.16m), ("nodegroup/general", 3.20m), ("nat/ap-northeast-2a", 32.85m), ("eip/ap-northeast-2a", 3.65m)],
            estimate.Lines.Select(line => (line.Key, line.MonthlyUsd)));
        Assert.Equal("2 × m6i.large nodes of node group general (on-demand)", estimate.Lines[1].Description);
        Assert.Equal("2 × 20 GiB gp3 root volumes of node group general", estimate.Lines[2].Description);
        Assert.Equal(252.86m, estimate.MonthlyTotalUsd);
        Assert.Equal("$252.86", PriceTable.FormatUsd(estimate.MonthlyTotalUsd));
    }

    [Fact]
    public void Estimate_PerAzWithPrivateSubnetsInTwoZones_TwoNatGatewaysAndTwoAddresses()
    {
        // 73.00 + nodes + 2 × (32.85 + 3.65) = 146.00 + 143.36
        var estimate = Estimate(WithNat(NatGatewayMode.PerAz));

        Assert.Equal(
            ["eks", "nodegroup/general", "nodegroup/general", "nat/ap-northeast-2a", "eip/ap-northeast-2a", "nat/ap-northeast-2b", "eip/ap-northeast-2b"],
            estimate.Lines.Select(line => line.Key));
        Assert.Equal(146.00m + Nodes, estimate.MonthlyTotalUsd);
    }

    [Fact]
    public void Estimate_RegionalOverTwoZones_BilledPerZoneWithAnAddressEach()
    {
        // 73.00 + nodes + 2 zones × 32.85 + 2 addresses × 3.65 = 146.00 + 143.36, like one gateway per zone
        var estimate = Estimate(WithNat(NatGatewayMode.Regional));

        Assert.Equal(
            [("eks", 73.00m), ("nodegroup/general", 140.16m), ("nodegroup/general", 3.20m), ("nat/regional", 65.70m), ("nat/regional", 7.30m)],
            estimate.Lines.Select(line => (line.Key, line.MonthlyUsd)));
        Assert.Equal("regional NAT gateway, active in 2 zones (ap-northeast-2a, ap-northeast-2b)", estimate.Lines[3].Description);
        Assert.Equal(146.00m + Nodes, estimate.MonthlyTotalUsd);
        Assert.Contains(estimate.Notes, note => note.StartsWith("NAT data processing", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NoNatGateway_ClusterOnlyAndNoDataProcessingNote()
    {
        var estimate = Estimate(WithNat(NatGatewayMode.None));

        Assert.Equal(73.00m + Nodes, estimate.MonthlyTotalUsd);
        Assert.DoesNotContain(estimate.Notes, note => note.Contains("data processing", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_ExtendedSupportVersion_SixTimesTheClusterPrice()
    {
        // 0.60 × 730 = 438.00, + 32.85 + 3.65 = 474.50, + the nodes
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with { KubernetesVersion = "1.33" }));

        Assert.Equal(438.00m, estimate.Lines.Single(line => line.Key == "eks").MonthlyUsd);
        Assert.Equal(0.60m, estimate.Lines.Single(line => line.Key == "eks").HourlyUsd);
        Assert.Equal(474.50m + Nodes, estimate.MonthlyTotalUsd);
    }

    [Fact]
    public void Estimate_SupportTypeExtendedOnAStandardVersion_StandardPriceAndANoteOfTheLaterPrice()
    {
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with { SupportType = ClusterSupportType.Extended }));

        Assert.Equal(0.10m, estimate.Lines.Single(line => line.Key == "eks").HourlyUsd);
        Assert.Contains(estimate.Notes, note => note.Contains("at $0.60 an hour instead of $0.10", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NodesInPublicSubnets_APublicIpv4AddressEach()
    {
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with
        {
            Subnets = ["public-a", "public-b"],
            Compute = new ComputeSpec { NodeGroups = [new NodeGroupSpec { Name = "edge", InstanceTypes = ["t3.medium"], DesiredSize = 3, MaxSize = 3 }] },
        }));

        var lines = estimate.Lines.Where(line => line.Key == "nodegroup/edge").ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(0.1248m, lines[0].HourlyUsd);
        Assert.Equal(("3 public IPv4 addresses of the nodes of edge in public subnets", 0.015m), (lines[2].Description, lines[2].HourlyUsd));
    }

    [Fact]
    public void Estimate_AutoMode_NoNodeLinesAndANoteOfTheManagementFee()
    {
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with { Compute = new ComputeSpec { Mode = ComputeMode.AutoMode } }));

        Assert.DoesNotContain(estimate.Lines, line => line.Key.StartsWith("nodegroup/", StringComparison.Ordinal));
        Assert.Contains(estimate.Notes, note => note.Contains("management fee of about 12 %", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_UnpricedInstanceType_NamedInTheNotes()
    {
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with
        {
            Compute = new ComputeSpec { NodeGroups = [new NodeGroupSpec { Name = "big", InstanceTypes = ["m7g.16xlarge"] }] },
        }));

        Assert.Contains(estimate.Notes, note => note.Contains("no price is known for m7g.16xlarge", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NetworkOnly_NatGatewayAndAddressOnly() =>
        Assert.Equal(36.50m, Estimate(SpecFixtures.Seed with { Cluster = null }).MonthlyTotalUsd);

    [Fact]
    public void Estimate_WithNatGateway_NotesThatDataProcessingIsNotIncluded() =>
        Assert.Contains(Estimate(SpecFixtures.Seed).Notes, note => note.Contains("NAT data processing ($0.045 per GB)", StringComparison.Ordinal));

    [Fact]
    public void Estimate_VersionNotOffered_PricedAtStandardWithANote()
    {
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with { KubernetesVersion = "1.20" }));

        Assert.Equal(73.00m, estimate.Lines.Single(line => line.Key == "eks").MonthlyUsd);
        Assert.Contains(estimate.Notes, note => note.Contains("Kubernetes 1.20 is not offered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("109.5", "$109.50")]
    [InlineData("0.005", "$0.01")]
    [InlineData("1234.567", "$1,234.57")]
    public void FormatUsd_Amount_RoundedToCentsForDisplay(string amount, string expected) =>
        Assert.Equal(expected, PriceTable.FormatUsd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
