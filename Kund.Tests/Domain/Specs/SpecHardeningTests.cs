using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Planning;
using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

/// <summary>Specs that reach the domain by any way: undefined enum values, texts longer than AWS or the columns take.</summary>
public class SpecHardeningTests
{
    [Fact]
    public void Validate_UndefinedEnumValues_ErrorsByPathWithoutThrowing()
    {
        var seed = SpecFixtures.Seed;
        var spec = seed.WithSubnet(2, subnet => subnet with { Tier = (SubnetTier)7 }) with
        {
            Purpose = (Purpose)9,
            Vpc = seed.Vpc with { Tenancy = (Tenancy)5 },
            Routing = seed.Routing! with { NatGateways = (NatGatewayMode)9 },
        };

        var result = SpecFixtures.Validate(spec);

        HasError(result, "purpose", "dev, stage, prod or demo");
        HasError(result, "vpc.tenancy", "default or dedicated");
        HasError(result, "routing.natGateways", "none, single, perAz or regional");
        HasError(result, "subnets[2].tier", "public or private");
    }

    [Fact]
    public void ResourceGraph_UndefinedNatMode_ThrowsInsteadOfChoosingALayout()
    {
        var spec = SpecDefaults.Apply(SpecFixtures.Seed, SpecFixtures.Catalog, SpecFixtures.PolicyOf(SpecFixtures.Seed));
        var undefined = spec with { Routing = spec.Routing! with { NatGateways = (NatGatewayMode)9 } };

        Assert.ThrowsAny<Exception>(() => ResourceGraphBuilder.Build(undefined));
    }

    [Fact]
    public void KundJson_EnumFlagList_Refused() =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<RoutingSpec>("""{"natGateways":"single, perAz"}""", KundJson.Options));

    [Fact]
    public void KundJson_InstantWithOffset_ReadAsUtc()
    {
        var spec = JsonSerializer.Deserialize<EnvironmentSpec>("""{"expiresAt":"2026-12-31T18:00:00+09:00"}""", KundJson.Options)!;

        Assert.Equal(TimeSpan.Zero, spec.ExpiresAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 9, 0, 0, TimeSpan.Zero), spec.ExpiresAt);
    }

    [Fact]
    public void Validate_SubnetNameLongerThanItsKeyColumn_Error() =>
        HasError(SpecFixtures.Validate(SpecFixtures.Seed.WithSubnet(0, subnet => subnet with { Name = new string('s', 200) })), "subnets[0].name", "200 characters", "at most 121");

    [Fact]
    public void Validate_SubnetNameAtTheLimit_NoError() =>
        NoErrorAt(SpecFixtures.Validate(SpecFixtures.Seed.WithSubnet(0, subnet => subnet with { Name = new string('s', 121) })), "subnets[0].name");

    [Fact]
    public void Validate_TeamLongerThanItsColumn_Error() =>
        HasError(SpecFixtures.Validate(SpecFixtures.Seed with { Team = new string('t', 65) }), "team", "65 characters", "at most 64");

    [Fact]
    public void Validate_ExistingArnLongerThanIam_Error()
    {
        var spec = SpecFixtures.Seed with
        {
            ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = "arn:aws:iam::123456789012:role/" + new string('r', 3000) },
        };

        HasError(SpecFixtures.Validate(spec), "clusterRole.existingArn", "at most 2048");
    }

    [Fact]
    public void Validate_LongValuesInMessages_Clipped()
    {
        var result = SpecFixtures.Validate(SpecFixtures.Seed.WithCluster(cluster => cluster with { Name = new string('c', 100_000) }));

        Assert.All(result.ErrorsAt("cluster.name"), message => Assert.True(message.Length < 400, message[..Math.Min(message.Length, 400)]));
    }
}
