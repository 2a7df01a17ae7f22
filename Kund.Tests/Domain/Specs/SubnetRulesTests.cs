using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class SubnetRulesTests
{
    private static ValidationResult Validate(EnvironmentSpec spec) => SpecFixtures.Validate(spec);

    private static ValidationResult WithSubnet1(Func<SubnetSpec, SubnetSpec> change) =>
        Validate(SpecFixtures.Seed.WithSubnet(1, change));

    [Fact]
    public void Name_Empty_Error() =>
        HasError(WithSubnet1(subnet => subnet with { Name = "" }), "subnets[1].name", "a subnet needs a name");

    [Fact]
    public void Name_Duplicate_ErrorAtTheLaterNamingTheEarlier()
    {
        var result = Validate(SpecFixtures.Seed.WithSubnet(3, subnet => subnet with { Name = "public-b" }));

        HasError(result, "subnets[3].name", "the name public-b is already used by subnets[1]");
        NoErrorAt(result, "subnets[1].name");
    }

    [Fact]
    public void Name_UniqueNames_NoError() =>
        NoErrorAt(WithSubnet1(subnet => subnet with { Name = "edge-b" }), "subnets[1].name");

    [Theory]
    [InlineData("10.4.0.0/20", "10.4.0.0/20 is outside the VPC range 10.3.0.0/16")]
    [InlineData("10.2.0.0/15", "10.2.0.0/15 is larger than AWS allows: a subnet is /16 to /28")]
    [InlineData("10.3.64.0/29", "10.3.64.0/29 is smaller than AWS allows: a subnet is /16 to /28")]
    [InlineData("10.3.16.0/19", "10.3.16.0/19 is not the network address of its block; did you mean 10.3.0.0/19?")]
    [InlineData("10.3.16.0", "is not a CIDR block")]
    public void Cidr_Invalid_ErrorAtThatSubnet(string cidr, string message) =>
        HasError(WithSubnet1(subnet => subnet with { Cidr = cidr }), "subnets[1].cidr", message);

    [Fact]
    public void Cidr_LargerThanVpc_Error()
    {
        var spec = SpecFixtures.Seed.WithSubnet(1, subnet => subnet with { Cidr = "10.3.0.0/16" }) with
        {
            Vpc = new VpcSpec { Cidr = "10.3.0.0/17" },
        };

        HasError(Validate(spec), "subnets[1].cidr", "10.3.0.0/16 is larger than the VPC 10.3.0.0/17");
    }

    [Theory]
    [InlineData("10.3.64.0/20")]
    [InlineData("10.3.255.240/28")]
    public void Cidr_FreeBlockInsideVpc_NoError(string cidr) =>
        NoErrorAt(WithSubnet1(subnet => subnet with { Cidr = cidr }), "subnets[1].cidr");

    [Fact]
    public void Cidr_SameAsVpc_NoSizeError()
    {
        var spec = SpecFixtures.Seed with
        {
            Subnets = [new SubnetSpec { Name = "all", Cidr = "10.3.0.0/16", AvailabilityZone = "ap-northeast-2a" }],
            Cluster = null,
            Routing = new RoutingSpec { NatGateways = NatGatewayMode.None },
        };

        NoErrors(Validate(spec));
    }

    [Fact]
    public void Cidr_Overlapping_ErrorNamesBothSubnets()
    {
        var result = WithSubnet1(subnet => subnet with { Cidr = "10.3.32.0/24" });

        HasError(result, "subnets[2].cidr", "10.3.32.0/20 (private-a) overlaps 10.3.32.0/24 (public-b)");
        NoErrorAt(result, "subnets[1].cidr");
    }

    [Fact]
    public void Zone_OfAnotherRegion_ErrorListsTheRegionsZones() =>
        HasError(
            WithSubnet1(subnet => subnet with { AvailabilityZone = "ap-northeast-1b" }),
            "subnets[1].availabilityZone",
            "ap-northeast-1b is not an availability zone of ap-northeast-2; it has ap-northeast-2a, ap-northeast-2b, ap-northeast-2c and ap-northeast-2d");

    [Fact]
    public void Zone_Empty_Error() =>
        HasError(WithSubnet1(subnet => subnet with { AvailabilityZone = "" }), "subnets[1].availabilityZone", "subnet public-b needs an availability zone");

    [Fact]
    public void Zone_OfTheRegion_NoError() =>
        NoErrorAt(WithSubnet1(subnet => subnet with { AvailabilityZone = "ap-northeast-2d" }), "subnets[1].availabilityZone");
}
