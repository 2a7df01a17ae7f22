using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class RoutingRulesTests
{
    private static ValidationResult WithRouting(EnvironmentSpec spec, bool internetGateway, NatGatewayMode nat) =>
        SpecFixtures.Validate(spec with { Routing = new RoutingSpec { InternetGateway = internetGateway, NatGateways = nat } });

    private static EnvironmentSpec PrivateOnly => SpecFixtures.Seed with
    {
        Subnets = [.. SpecFixtures.Seed.Subnets!.Where(subnet => subnet.Tier == SubnetTier.Private)],
    };

    [Theory]
    [InlineData(NatGatewayMode.Single, "single")]
    [InlineData(NatGatewayMode.PerAz, "perAz")]
    [InlineData(NatGatewayMode.Regional, "regional")]
    public void Nat_WithoutInternetGateway_Error(NatGatewayMode nat, string json) =>
        HasError(
            WithRouting(SpecFixtures.Seed, false, nat),
            SpecPaths.RoutingNatGateways,
            $"a NAT gateway (natGateways {json}) needs the internet gateway to send traffic out; set routing.internetGateway to true or natGateways to none");

    [Theory]
    [InlineData(NatGatewayMode.Single)]
    [InlineData(NatGatewayMode.PerAz)]
    [InlineData(NatGatewayMode.Regional)]
    public void Nat_WithInternetGatewayAndPublicSubnets_Valid(NatGatewayMode nat)
    {
        var result = WithRouting(SpecFixtures.Seed, true, nat);

        NoErrors(result);
        NoWarningAt(result, SpecPaths.RoutingNatGateways);
    }

    [Fact]
    public void Regional_NoPublicSubnet_ValidAndNoWarning()
    {
        var result = WithRouting(PrivateOnly, true, NatGatewayMode.Regional);

        NoErrors(result);
        NoWarningAt(result, SpecPaths.RoutingNatGateways);
    }

    [Fact]
    public void Regional_ReadFromJson_AndAnUnknownModeNamesTheFour()
    {
        var regional = System.Text.Json.JsonSerializer.Deserialize<RoutingSpec>("""{"internetGateway":true,"natGateways":"regional"}""", Kund.Domain.KundJson.Options);
        Assert.Equal(NatGatewayMode.Regional, regional!.NatGateways);

        var error = Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            System.Text.Json.JsonSerializer.Deserialize<RoutingSpec>("""{"natGateways":"zonal"}""", Kund.Domain.KundJson.Options));
        Assert.Contains("regional", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_NoPublicSubnet_Error() =>
        HasError(WithRouting(PrivateOnly, true, NatGatewayMode.Single), SpecPaths.RoutingNatGateways, "natGateways single needs a public subnet");

    [Fact]
    public void PerAz_ZoneWithPrivateButNoPublicSubnet_ErrorNamesZoneAndSubnets()
    {
        var spec = SpecFixtures.Seed.WithSubnet(1, subnet => subnet with { AvailabilityZone = "ap-northeast-2c", Name = "public-c" });

        HasError(WithRouting(spec, true, NatGatewayMode.PerAz), SpecPaths.RoutingNatGateways, "ap-northeast-2b (private-b) has no public subnet");
        NoErrorAt(WithRouting(spec, true, NatGatewayMode.Single), SpecPaths.RoutingNatGateways);
    }

    [Fact]
    public void None_WithPrivateSubnets_WarningNoEgress()
    {
        // A control plane only: nodes in those subnets would be an error (they could not start).
        var spec = SpecFixtures.Seed.WithCluster(cluster => cluster with { Compute = new ComputeSpec { Mode = ComputeMode.None } });

        var result = WithRouting(spec, true, NatGatewayMode.None);

        NoErrors(result);
        HasWarning(result, SpecPaths.RoutingNatGateways, "private subnets private-a and private-b have no route to the internet", "no egress");
    }

    [Fact]
    public void None_PublicSubnetsOnly_NoWarning()
    {
        var spec = SpecFixtures.Seed with
        {
            Subnets = [.. SpecFixtures.Seed.Subnets!.Where(subnet => subnet.Tier == SubnetTier.Public)],
            Cluster = SpecFixtures.Seed.Cluster! with { Subnets = ["public-a", "public-b"] },
        };

        var result = WithRouting(spec, true, NatGatewayMode.None);

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Single_PublicSubnetsOnly_WarningNothingToServe()
    {
        var spec = SpecFixtures.Seed with
        {
            Subnets = [.. SpecFixtures.Seed.Subnets!.Where(subnet => subnet.Tier == SubnetTier.Public)],
            Cluster = SpecFixtures.Seed.Cluster! with { Subnets = ["public-a", "public-b"] },
        };

        var result = WithRouting(spec, true, NatGatewayMode.Single);

        NoErrors(result);
        HasWarning(result, SpecPaths.RoutingNatGateways, "there are no private subnets for a NAT gateway to serve");
    }

    [Fact]
    public void NoInternetGateway_WithPublicSubnets_Warning() =>
        HasWarning(WithRouting(SpecFixtures.Seed, false, NatGatewayMode.None), SpecPaths.RoutingInternetGateway, "public subnets public-a and public-b have no internet gateway");

    [Fact]
    public void Prod_SingleNatAcrossZones_WarningSuggestsPerAz()
    {
        var prod = SpecFixtures.Seed with { Purpose = Purpose.Prod };

        HasWarning(WithRouting(prod, true, NatGatewayMode.Single), SpecPaths.RoutingNatGateways, "single point of failure", "$36.50 a month");
        NoWarningAt(WithRouting(prod, true, NatGatewayMode.PerAz), SpecPaths.RoutingNatGateways);
    }
}
