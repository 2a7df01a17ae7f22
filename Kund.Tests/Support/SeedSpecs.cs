using Kund.Domain.Specs;

namespace Kund.Tests.Support;

/// <summary>The seed environment of api.md, as a user would send it.</summary>
public static class SeedSpecs
{
    public static EnvironmentSpec Payments(string name = "payments-dev", string team = "team-a") => new()
    {
        Name = name,
        Team = team,
        Region = "ap-northeast-2",
        Purpose = Purpose.Dev,
        Vpc = new VpcSpec { Cidr = "10.3.0.0/16" },
        Subnets =
        [
            new SubnetSpec { Name = "public-a", Cidr = "10.3.0.0/20", AvailabilityZone = "ap-northeast-2a", Tier = SubnetTier.Public },
            new SubnetSpec { Name = "public-b", Cidr = "10.3.16.0/20", AvailabilityZone = "ap-northeast-2b", Tier = SubnetTier.Public },
            new SubnetSpec { Name = "private-a", Cidr = "10.3.32.0/20", AvailabilityZone = "ap-northeast-2a", Tier = SubnetTier.Private },
            new SubnetSpec { Name = "private-b", Cidr = "10.3.48.0/20", AvailabilityZone = "ap-northeast-2b", Tier = SubnetTier.Private },
        ],
        Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.Single },
        ClusterRole = new ClusterRoleSpec { Create = true, Name = $"{name}-eks-cluster" },
        Cluster = new ClusterSpec
        {
            Name = name,
            KubernetesVersion = "1.34",
            EndpointPublicAccess = true,
            EndpointPrivateAccess = true,
            PublicAccessCidrs = ["0.0.0.0/0"],
            Logging = ["api", "audit"],
            Subnets = ["private-a", "private-b"],
        },
        Tags = new Dictionary<string, string> { ["cost-center"] = "1234" },
    };
}
