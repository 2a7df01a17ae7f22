using CsCheck;
using Kund.Domain.Network;
using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class SpecPropertyTests
{
    private static readonly Gen<CidrBlock> PrivateVpc =
        Gen.Select(Gen.Int[0, 2], Gen.UInt, Gen.Int[16, 26], (range, bits, prefix) =>
        {
            var outer = CidrBlock.PrivateAddressRanges[range];
            var start = outer.NetworkAddress | (bits & ~(uint.MaxValue << (32 - outer.PrefixLength)));
            return CidrBlock.Create(start & (uint.MaxValue << (32 - prefix)), prefix);
        });

    private static readonly Gen<EnvironmentSpec> MinimalSpecs =
        from vpc in PrivateVpc
        from region in Gen.OneOf(SpecFixtures.Catalog.Regions.Select(region => region.Name).ToArray())
        from version in Gen.OneOf("1.34", "1.35")
        from nat in Gen.Enum<NatGatewayMode>()
        from privateEndpoint in Gen.Bool
        select SpecFixtures.Minimal with
        {
            Region = region,
            Vpc = new VpcSpec { Cidr = vpc.ToString() },
            Routing = new RoutingSpec { NatGateways = nat },
            // Without a NAT gateway the private subnets have no way out: a control plane only, or the default nodes are refused.
            Cluster = new ClusterSpec
            {
                KubernetesVersion = version,
                EndpointPrivateAccess = privateEndpoint,
                Compute = nat == NatGatewayMode.None ? new ComputeSpec { Mode = ComputeMode.None } : null,
            },
        };

    [Fact]
    public void ApplyThenValidate_AnyPrivateVpcAnyRegion_NoErrors() =>
        MinimalSpecs.Sample(spec => NoErrors(SpecFixtures.Validate(spec)), iter: 300);

    [Fact]
    public void Apply_AnySpec_Idempotent() =>
        MinimalSpecs.Sample(spec =>
        {
            var once = SpecDefaults.Apply(spec, SpecFixtures.Catalog, SpecFixtures.PolicyOf(spec));
            Assert.Equal(SpecFixtures.ToJson(once), SpecFixtures.ToJson(SpecDefaults.Apply(once, SpecFixtures.Catalog, SpecFixtures.PolicyOf(once))));
        }, iter: 300);
}
