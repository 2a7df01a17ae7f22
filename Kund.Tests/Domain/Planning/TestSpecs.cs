using Kund.Domain.Specs;

namespace Kund.Tests.Domain.Planning;

/// <summary>The seed spec of api.md with every default filled in, and variations of it.</summary>
internal static class TestSpecs
{
    public const string ExistingRoleArn = "arn:aws:iam::123456789012:role/platform-eks";

    public static EnvironmentSpec Seed() => new()
    {
        Name = "payments-dev",
        Team = "team-a",
        Region = "ap-northeast-2",
        Purpose = Purpose.Dev,
        Vpc = new VpcSpec { Cidr = "10.3.0.0/16", Tenancy = Tenancy.Default, EnableDnsSupport = true, EnableDnsHostnames = true },
        Subnets =
        [
            new SubnetSpec { Name = "public-a", Cidr = "10.3.0.0/20", AvailabilityZone = "ap-northeast-2a", Tier = SubnetTier.Public },
            new SubnetSpec { Name = "public-b", Cidr = "10.3.16.0/20", AvailabilityZone = "ap-northeast-2b", Tier = SubnetTier.Public },
            new SubnetSpec { Name = "private-a", Cidr = "10.3.32.0/20", AvailabilityZone = "ap-northeast-2a", Tier = SubnetTier.Private },
            new SubnetSpec { Name = "private-b", Cidr = "10.3.48.0/20", AvailabilityZone = "ap-northeast-2b", Tier = SubnetTier.Private },
        ],
        Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.Single },
        ClusterRole = new ClusterRoleSpec { Create = true, Name = "payments-dev-eks-cluster" },
        Cluster = new ClusterSpec
        {
            Name = "payments-dev",
            KubernetesVersion = "1.34",
            EndpointPublicAccess = true,
            EndpointPrivateAccess = true,
            PublicAccessCidrs = ["0.0.0.0/0"],
            Logging = ["api", "audit"],
            Subnets = ["private-a", "private-b"],
        },
        Tags = new Dictionary<string, string> { ["cost-center"] = "1234" },
    };

    public static EnvironmentSpec NetworkOnly() => Seed() with { Cluster = null };

    public static EnvironmentSpec PerAz() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } };

    public static EnvironmentSpec NoNat() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.None } };

    public static EnvironmentSpec ExistingRole() =>
        Seed() with { ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = ExistingRoleArn } };
}
