using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class ClusterRulesTests
{
    private static ValidationResult WithCluster(Func<ClusterSpec, ClusterSpec> change) =>
        SpecFixtures.Validate(SpecFixtures.Seed.WithCluster(change));

    [Theory]
    [InlineData("payments")]
    [InlineData("Payments_Dev-1")]
    [InlineData("1st")]
    public void Name_LettersDigitsHyphenUnderscore_NoError(string name) =>
        NoErrorAt(WithCluster(cluster => cluster with { Name = name }), SpecPaths.ClusterName);

    [Theory]
    [InlineData("-payments", "may contain only letters, digits, - and _, and must start with a letter or digit")]
    [InlineData("pay.ments", "may contain only letters, digits, - and _")]
    public void Name_Invalid_Error(string name, string message) =>
        HasError(WithCluster(cluster => cluster with { Name = name }), SpecPaths.ClusterName, message);

    [Fact]
    public void Name_Over100Characters_Error() =>
        HasError(WithCluster(cluster => cluster with { Name = new string('a', 101) }), SpecPaths.ClusterName, "is 101 characters long; EKS allows 1 to 100");

    [Fact]
    public void Name_Exactly100Characters_NoError() =>
        NoErrorAt(WithCluster(cluster => cluster with { Name = new string('a', 100) }), SpecPaths.ClusterName);

    [Fact]
    public void Subnets_UnknownName_ErrorListsTheSubnets() =>
        HasError(
            WithCluster(cluster => cluster with { Subnets = ["private-a", "private-c"] }),
            SpecPaths.ClusterSubnets,
            "private-c is not one of the subnets (public-a, public-b, private-a and private-b)");

    [Fact]
    public void Subnets_ListedTwice_Error() =>
        HasError(WithCluster(cluster => cluster with { Subnets = ["private-a", "private-b", "private-a"] }), SpecPaths.ClusterSubnets, "private-a is listed 2 times");

    [Fact]
    public void Subnets_OnlyOne_ErrorNamesItAndItsZone() =>
        HasError(
            WithCluster(cluster => cluster with { Subnets = ["private-a"] }),
            SpecPaths.ClusterSubnets,
            "EKS needs at least two subnets in two availability zones; only private-a (ap-northeast-2a) is listed");

    [Fact]
    public void Subnets_ThreeInOneZone_ErrorNamesThemAll()
    {
        var spec = SpecFixtures.Seed
            .WithSubnet(1, subnet => subnet with { AvailabilityZone = "ap-northeast-2a" })
            .WithSubnet(3, subnet => subnet with { AvailabilityZone = "ap-northeast-2a" })
            .WithCluster(cluster => cluster with { Subnets = ["public-b", "private-a", "private-b"] });

        HasError(SpecFixtures.Validate(spec), SpecPaths.ClusterSubnets, "subnets public-b, private-a and private-b are all in ap-northeast-2a");
    }

    [Fact]
    public void Subnets_TwoZones_NoError() =>
        NoErrorAt(WithCluster(cluster => cluster with { Subnets = ["public-a", "private-b"] }), SpecPaths.ClusterSubnets);

    [Fact]
    public void KubernetesVersion_NotOffered_ErrorListsOffered() =>
        HasError(
            WithCluster(cluster => cluster with { KubernetesVersion = "1.30" }),
            SpecPaths.ClusterKubernetesVersion,
            "Kubernetes 1.30 is not offered in ap-northeast-2; offered: 1.33 (extended support), 1.34 and 1.35");

    [Fact]
    public void KubernetesVersion_Empty_Error() =>
        HasError(WithCluster(cluster => cluster with { KubernetesVersion = "" }), SpecPaths.ClusterKubernetesVersion, "a Kubernetes version is required");

    [Fact]
    public void KubernetesVersion_Extended_WarningWithPrice()
    {
        var result = WithCluster(cluster => cluster with { KubernetesVersion = "1.33" });

        NoErrors(result);
        HasWarning(
            result,
            SpecPaths.ClusterKubernetesVersion,
            "Kubernetes 1.33 is in extended support: the cluster costs $0.60 an hour instead of $0.10 (about $438.00 a month instead of $73.00); 1.34 and 1.35 are in standard support");
    }

    [Theory]
    [InlineData("1.34")]
    [InlineData("1.35")]
    public void KubernetesVersion_Standard_NoErrorNoWarning(string version)
    {
        var result = WithCluster(cluster => cluster with { KubernetesVersion = version });

        NoErrors(result);
        NoWarningAt(result, SpecPaths.ClusterKubernetesVersion);
    }

    [Fact]
    public void EndpointAccess_Neither_Error() =>
        HasError(
            WithCluster(cluster => cluster with { EndpointPublicAccess = false, EndpointPrivateAccess = false }),
            SpecPaths.ClusterEndpointPublicAccess,
            "at least one of endpointPublicAccess and endpointPrivateAccess must be true");

    [Fact]
    public void EndpointAccess_PrivateOnly_WarningAboutTimeout()
    {
        var result = WithCluster(cluster => cluster with { EndpointPublicAccess = false, PublicAccessCidrs = null });

        NoErrors(result);
        HasWarning(result, SpecPaths.ClusterEndpointPublicAccess, "dial tcp …:443: i/o timeout", "VPN, peering or bastion");
    }

    [Fact]
    public void EndpointAccess_PublicOnly_NoWarning()
    {
        var result = WithCluster(cluster => cluster with { EndpointPrivateAccess = false });

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void PublicAccessCidrs_Invalid_ErrorAtItsIndex() =>
        HasError(
            WithCluster(cluster => cluster with { PublicAccessCidrs = ["203.0.113.0/24", "203.0.113.5/24"] }),
            "cluster.publicAccessCidrs[1]",
            "203.0.113.5/24 is not the network address of its block; did you mean 203.0.113.0/24?");

    [Fact]
    public void PublicAccessCidrs_Valid_NoError() =>
        NoErrors(WithCluster(cluster => cluster with { PublicAccessCidrs = ["203.0.113.0/24", "198.51.100.7/32"] }));

    [Fact]
    public void PublicAccessCidrs_PrivateRange_Warning() =>
        HasWarning(WithCluster(cluster => cluster with { PublicAccessCidrs = ["10.0.0.0/8"] }), "cluster.publicAccessCidrs[0]", "10.0.0.0/8 is a private range");

    [Fact]
    public void PublicAccessCidrs_WithPublicAccessOff_Warning() =>
        HasWarning(
            WithCluster(cluster => cluster with { EndpointPublicAccess = false, PublicAccessCidrs = ["203.0.113.0/24"] }),
            SpecPaths.ClusterPublicAccessCidrs,
            "limit only the public endpoint, which is off");

    [Fact]
    public void Logging_AllKnownTypes_NoError() =>
        NoErrors(WithCluster(cluster => cluster with { Logging = ["api", "audit", "authenticator", "controllerManager", "scheduler"] }));

    [Fact]
    public void Logging_UnknownType_ErrorListsTheKnownOnes() =>
        HasError(
            WithCluster(cluster => cluster with { Logging = ["api", "controller-manager"] }),
            SpecPaths.ClusterLogging,
            "controller-manager is not a control-plane log type; choose from api, audit, authenticator, controllerManager and scheduler");

    [Fact]
    public void Logging_Duplicate_Error() =>
        HasError(WithCluster(cluster => cluster with { Logging = ["api", "api"] }), SpecPaths.ClusterLogging, "api is listed 2 times");

    [Fact]
    public void Cluster_Null_NoClusterOrRoleErrors()
    {
        var result = SpecFixtures.Validate(SpecFixtures.Seed with
        {
            Cluster = null,
            ClusterRole = new ClusterRoleSpec { Create = false },
        });

        NoErrors(result);
    }
}
