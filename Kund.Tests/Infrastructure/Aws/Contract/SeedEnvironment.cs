using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// The seed environment of api.md (payments-dev in ap-northeast-2: a /16 VPC, four /20 subnets in two
/// zones, an internet gateway, one NAT gateway with its Elastic IP, a public and a private route table,
/// the cluster role with its policy, an EKS 1.34 cluster), as resource nodes in dependency order. Built
/// by hand so this suite does not depend on the planner.
/// </summary>
internal static class SeedEnvironment
{
    public const string Region = "ap-northeast-2";
    public const string ZoneA = "ap-northeast-2a";
    public const string ZoneB = "ap-northeast-2b";
    public const string PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
    public const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public static EnvironmentRef Environment(string name = "payments-dev") =>
        new(Guid.NewGuid(), name, Region, new Dictionary<string, string> { ["cost-center"] = "1234" });

    /// <summary>The nodes in an order where every dependency comes first.</summary>
    public static IReadOnlyList<ResourceNode> Nodes(EnvironmentRef environment, bool withCluster)
    {
        // Names must be unique per account: a live run shares the account with other runs.
        var suffix = environment.Id.ToString("N")[..8];
        var publicA = ResourceKeys.Subnet("public-a");
        var publicB = ResourceKeys.Subnet("public-b");
        var privateA = ResourceKeys.Subnet("private-a");
        var privateB = ResourceKeys.Subnet("private-b");
        var eip = ResourceKeys.ElasticIp(ZoneA);
        var nat = ResourceKeys.NatGateway(ZoneA);
        var roleName = $"{environment.Name}-eks-cluster-{suffix}";

        var nodes = new List<ResourceNode>
        {
            new(ResourceKeys.Vpc, ResourceKind.Vpc, [], new VpcDesired("10.3.0.0/16", Tenancy.Default, true, true)),
            new(publicA, ResourceKind.Subnet, [ResourceKeys.Vpc], new SubnetDesired("public-a", "10.3.0.0/20", ZoneA, SubnetTier.Public)),
            new(publicB, ResourceKind.Subnet, [ResourceKeys.Vpc], new SubnetDesired("public-b", "10.3.16.0/20", ZoneB, SubnetTier.Public)),
            new(privateA, ResourceKind.Subnet, [ResourceKeys.Vpc], new SubnetDesired("private-a", "10.3.32.0/20", ZoneA, SubnetTier.Private)),
            new(privateB, ResourceKind.Subnet, [ResourceKeys.Vpc], new SubnetDesired("private-b", "10.3.48.0/20", ZoneB, SubnetTier.Private)),
            new(ResourceKeys.InternetGateway, ResourceKind.InternetGateway, [ResourceKeys.Vpc], new InternetGatewayDesired()),
            new(eip, ResourceKind.ElasticIp, [], new ElasticIpDesired(ZoneA)),
            new(nat, ResourceKind.NatGateway, [publicA, eip, ResourceKeys.InternetGateway], new NatGatewayDesired(ZoneA, publicA, eip)),
            new(
                ResourceKeys.PublicRouteTable,
                ResourceKind.RouteTable,
                [ResourceKeys.Vpc, ResourceKeys.InternetGateway, publicA, publicB],
                new RouteTableDesired("public", [new RouteDesired("0.0.0.0/0", ResourceKeys.InternetGateway)], [publicA, publicB])),
            new(
                ResourceKeys.PrivateRouteTable,
                ResourceKind.RouteTable,
                [ResourceKeys.Vpc, nat, privateA, privateB],
                new RouteTableDesired("private", [new RouteDesired("0.0.0.0/0", nat)], [privateA, privateB])),
        };

        if (withCluster)
        {
            nodes.Add(new(ResourceKeys.ClusterRole, ResourceKind.IamRole, [], new IamRoleDesired(roleName, TrustPolicy)));
            nodes.Add(new(ResourceKeys.ClusterRolePolicy, ResourceKind.IamRolePolicyAttachment, [ResourceKeys.ClusterRole], new IamRolePolicyAttachmentDesired(ResourceKeys.ClusterRole, roleName, PolicyArn)));
            nodes.Add(new(
                ResourceKeys.Cluster,
                ResourceKind.EksCluster,
                [privateA, privateB, ResourceKeys.ClusterRole, ResourceKeys.ClusterRolePolicy],
                new EksClusterDesired($"{environment.Name}-{suffix}", "1.34", ResourceKeys.ClusterRole, null, [privateA, privateB], true, true, ["0.0.0.0/0"], ["api", "audit"])));
        }

        return nodes;
    }

    public static ResourceContext Context(EnvironmentRef environment, ResourceNode node, IReadOnlyDictionary<string, CloudResource> made) =>
        new(environment, node, node.DependsOn.Where(made.ContainsKey).ToDictionary(k => k, k => made[k]));
}
