using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class VpcRulesTests
{
    private static ValidationResult WithVpc(VpcSpec vpc) => SpecFixtures.Validate(SpecFixtures.Minimal with { Vpc = vpc });

    [Theory]
    [InlineData("10.3.0.0/16")]
    [InlineData("172.16.0.0/16")]
    [InlineData("192.168.0.0/24")]
    [InlineData("10.3.0.0/26")]
    public void Cidr_PrivateSlash16ToSlash26_Valid(string cidr) => NoErrors(WithVpc(new VpcSpec { Cidr = cidr }));

    [Theory]
    [InlineData("10.3.1.0/16", "10.3.1.0/16 is not the network address of its block; did you mean 10.3.0.0/16?")]
    [InlineData("10.3.0.0", "'10.3.0.0' is not a CIDR block: it needs a prefix length")]
    [InlineData("", "a CIDR block is required")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8 is larger than AWS allows: a VPC is /16 to /28")]
    [InlineData("10.0.0.0/29", "10.0.0.0/29 is smaller than AWS allows: a VPC is /16 to /28")]
    [InlineData("100.64.0.0/16", "100.64.0.0/16 is not a private range; a VPC lies inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)")]
    public void Cidr_Invalid_ErrorAtVpcCidr(string cidr, string message)
    {
        var result = WithVpc(new VpcSpec { Cidr = cidr });

        HasError(result, SpecPaths.VpcCidr, message);
        NoErrorAt(result, SpecPaths.Subnets);
    }

    [Theory]
    [InlineData("10.3.0.0/27")]
    [InlineData("10.3.0.0/28")]
    public void Cidr_TooSmallForDefaultLayout_ErrorAtSubnets(string cidr) =>
        HasError(WithVpc(new VpcSpec { Cidr = cidr }), SpecPaths.Subnets, $"the VPC {cidr} is too small for the default layout of four /28 subnets");

    [Fact]
    public void Tenancy_Dedicated_WarningAboutCost()
    {
        var result = WithVpc(new VpcSpec { Cidr = "10.3.0.0/16", Tenancy = Tenancy.Dedicated });

        NoErrors(result);
        HasWarning(result, SpecPaths.VpcTenancy, "costs considerably more");
    }

    [Fact]
    public void Tenancy_Default_NoWarning() =>
        NoWarningAt(WithVpc(new VpcSpec { Cidr = "10.3.0.0/16" }), SpecPaths.VpcTenancy);

    [Fact]
    public void Dns_OffWithPrivateEndpoint_ErrorsAtBothSettings()
    {
        var result = WithVpc(new VpcSpec { Cidr = "10.3.0.0/16", EnableDnsSupport = false, EnableDnsHostnames = false });

        HasError(result, SpecPaths.VpcEnableDnsSupport, "private endpoint needs enableDnsSupport");
        HasError(result, SpecPaths.VpcEnableDnsHostnames, "private endpoint needs enableDnsHostnames");
    }

    [Fact]
    public void Dns_OffWithPublicEndpointOnly_NoError()
    {
        var spec = SpecFixtures.Minimal.WithCluster(cluster => cluster with { EndpointPrivateAccess = false }) with
        {
            Vpc = new VpcSpec { Cidr = "10.3.0.0/16", EnableDnsHostnames = false },
        };

        NoErrors(SpecFixtures.Validate(spec));
    }
}
