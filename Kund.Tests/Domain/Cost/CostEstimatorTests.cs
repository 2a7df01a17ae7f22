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

    [Fact]
    public void Estimate_SeedEnvironment_109Dollars50AMonth()
    {
        // By hand, 730 hours a month:
        //   EKS cluster, 1.34 (standard support)  0.10  × 730 = 73.00
        //   NAT gateway (single, in ap-northeast-2a) 0.045 × 730 = 32.85
        //   its Elastic IP                           0.005 × 730 =  3.65
        //                                                  total = 109.50
        var estimate = Estimate(SpecFixtures.Seed);

        Assert.Equal(
            [("eks", 73.00m), ("nat/ap-northeast-2a", 32.85m), ("eip/ap-northeast-2a", 3.65m)],
            estimate.Lines.Select(line => (line.Key, line.MonthlyUsd)));
        Assert.Equal(109.50m, estimate.MonthlyTotalUsd);
        Assert.Equal(0.15m, estimate.HourlyTotalUsd);
        Assert.Equal("$109.50", PriceTable.FormatUsd(estimate.MonthlyTotalUsd));
    }

    [Fact]
    public void Estimate_PerAzWithPrivateSubnetsInTwoZones_TwoNatGatewaysAndTwoAddresses()
    {
        // 73.00 + 2 × (32.85 + 3.65) = 146.00
        var estimate = Estimate(WithNat(NatGatewayMode.PerAz));

        Assert.Equal(["eks", "nat/ap-northeast-2a", "eip/ap-northeast-2a", "nat/ap-northeast-2b", "eip/ap-northeast-2b"], estimate.Lines.Select(line => line.Key));
        Assert.Equal(146.00m, estimate.MonthlyTotalUsd);
    }

    [Fact]
    public void Estimate_NoNatGateway_ClusterOnlyAndNoDataProcessingNote()
    {
        var estimate = Estimate(WithNat(NatGatewayMode.None));

        Assert.Equal(73.00m, estimate.MonthlyTotalUsd);
        Assert.DoesNotContain(estimate.Notes, note => note.Contains("data processing", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_ExtendedSupportVersion_SixTimesTheClusterPrice()
    {
        // 0.60 × 730 = 438.00, + 32.85 + 3.65 = 474.50
        var estimate = Estimate(SpecFixtures.Seed.WithCluster(cluster => cluster with { KubernetesVersion = "1.33" }));

        Assert.Equal(438.00m, estimate.Lines.Single(line => line.Key == "eks").MonthlyUsd);
        Assert.Equal(474.50m, estimate.MonthlyTotalUsd);
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
