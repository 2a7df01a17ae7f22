using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class SpecValidatorTests
{
    [Fact]
    public void Validate_SeedOfApiMd_NoErrorsNoWarnings()
    {
        var result = SpecValidator.Validate(SpecFixtures.Seed, SpecFixtures.Catalog, SpecFixtures.Now);

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Validate_MinimalSeedWithDefaults_NoErrors() => NoErrors(SpecFixtures.Validate(SpecFixtures.Minimal));

    [Fact]
    public void Validate_ClusterSubnetsInOneZone_ErrorAtClusterSubnetsNamingTheZone()
    {
        var spec = SpecFixtures.Seed.WithSubnet(3, subnet => subnet with { AvailabilityZone = "ap-northeast-2a" });

        var result = SpecFixtures.Validate(spec);

        Assert.Equal(
            ["subnets private-a and private-b are both in ap-northeast-2a; EKS needs subnets in at least two availability zones"],
            result.ErrorsAt(SpecPaths.ClusterSubnets));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnceByPath()
    {
        var spec = SpecFixtures.Seed
            .WithSubnet(1, subnet => subnet with { Cidr = "10.4.0.0/20" })
            .WithCluster(cluster => cluster with { KubernetesVersion = "1.20" }) with
        {
            Name = "Payments",
            Team = "",
        };

        var result = SpecFixtures.Validate(spec);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["cluster.kubernetesVersion", "name", "subnets[1].cidr", "team"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        HasError(result, "subnets[1].cidr", "10.4.0.0/20 is outside the VPC range 10.3.0.0/16");
    }

    [Fact]
    public void Validate_EmptyJsonBody_ErrorsNotExceptions()
    {
        var result = SpecFixtures.Validate(SpecFixtures.FromJson("{}"));

        HasError(result, SpecPaths.Name, "required");
        HasError(result, SpecPaths.Team, "required");
        HasError(result, SpecPaths.Region, "required", "ap-northeast-2");
        HasError(result, SpecPaths.VpcCidr, "required");
        NoErrorAt(result, SpecPaths.Subnets);
    }

    [Fact]
    public void Validate_NullsWhereJsonAllowsThem_ErrorsNotExceptions()
    {
        const string json = """
            { "name": null, "team": null, "region": null, "vpc": null,
              "subnets": [null, { "name": null, "cidr": null, "availabilityZone": null }],
              "clusterRole": { "create": true, "name": null, "existingArn": null },
              "cluster": { "name": null, "kubernetesVersion": null, "subnets": [null], "logging": [null], "publicAccessCidrs": [null] },
              "tags": { "owner": null } }
            """;

        var result = SpecValidator.Validate(SpecFixtures.FromJson(json), SpecFixtures.Catalog, SpecFixtures.Now);

        HasError(result, "subnets[0]", "null");
        HasError(result, "subnets[1].name", "needs a name");
        HasError(result, "subnets[1].cidr", "required");
        HasError(result, "cluster.subnets", "an empty name");
        HasError(result, "cluster.logging", "an empty name");
        HasError(result, "cluster.publicAccessCidrs[0]", "required");
        HasError(result, "clusterRole.name", "required");
    }

    [Fact]
    public void Validate_SameSpecTwice_SamePathsAndMessages()
    {
        var spec = SpecFixtures.Seed with { Name = "x", Region = "nowhere" };

        var first = SpecFixtures.Validate(spec);
        var second = SpecFixtures.Validate(spec);

        Assert.Equal(ValidationAssert.Describe(first.Errors), ValidationAssert.Describe(second.Errors));
    }

    [Fact]
    public void Validate_RegionWithOneZoneAndNoSubnets_ErrorAtSubnets()
    {
        var catalog = new CloudCatalog([new CloudRegion("local-1", ["local-1a"], [new KubernetesVersionOffer("1.34", SupportTier.Standard)])]);
        var spec = SpecFixtures.Minimal with { Region = "local-1", Cluster = null };

        var result = SpecValidator.Validate(SpecDefaults.Apply(spec, catalog, SpecFixtures.PolicyOf(spec)), catalog, SpecFixtures.Now);

        HasError(result, SpecPaths.Subnets, "local-1 has fewer than two availability zones (local-1a), so there is no default layout; give the subnets");
    }
}
