using Kund.Domain.Network;
using Kund.Domain.Specs;
using Kund.Tests.Domain.Specs;

namespace Kund.Tests.Domain.Network;

public class NatGatewayPlacementTests
{
    private static IReadOnlyList<NatGatewayPlacement> Place(EnvironmentSpec spec, NatGatewayMode nat) =>
        NatGatewayPlacement.For(spec with { Routing = new RoutingSpec { NatGateways = nat } });

    [Fact]
    public void For_SingleInSeed_InTheFirstPrivateSubnetsZone() =>
        Assert.Equal([new NatGatewayPlacement("ap-northeast-2a", "public-a")], Place(SpecFixtures.Seed, NatGatewayMode.Single));

    [Fact]
    public void For_SingleWithNoPublicSubnetInThatZone_FirstPublicSubnet()
    {
        var spec = SpecFixtures.Seed.WithSubnet(0, subnet => subnet with { AvailabilityZone = "ap-northeast-2c", Name = "public-c" });

        Assert.Equal([new NatGatewayPlacement("ap-northeast-2c", "public-c")], Place(spec, NatGatewayMode.Single));
    }

    [Fact]
    public void For_PerAz_OnePerZoneWithPrivateSubnets() =>
        Assert.Equal(
            [new NatGatewayPlacement("ap-northeast-2a", "public-a"), new NatGatewayPlacement("ap-northeast-2b", "public-b")],
            Place(SpecFixtures.Seed, NatGatewayMode.PerAz));

    [Fact]
    public void For_None_Empty() => Assert.Empty(Place(SpecFixtures.Seed, NatGatewayMode.None));

    [Fact]
    public void For_NoPrivateSubnets_Empty()
    {
        var spec = SpecFixtures.Seed with { Subnets = [.. SpecFixtures.Seed.Subnets!.Where(subnet => subnet.Tier == SubnetTier.Public)] };

        Assert.Empty(Place(spec, NatGatewayMode.Single));
        Assert.Empty(Place(spec, NatGatewayMode.PerAz));
    }
}
