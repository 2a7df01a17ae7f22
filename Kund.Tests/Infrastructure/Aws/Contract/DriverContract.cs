using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// The contract every cloud under the drivers must keep, written once over the driver port and checked
/// through the clouds' own Describe calls: the sandbox runs it by default, real AWS on request.
/// </summary>
internal static class DriverContract
{
    /// <summary>Creates the seed environment node by node, checks every resource, destroys it in reverse, checks nothing is left.</summary>
    /// <param name="parallel">Run nodes as the executor does, each as soon as its dependencies are done; else one by one.</param>
    public static async Task<NodeRunner> CreateCheckDestroyAsync(CloudUnderTest cloud, bool withCluster, bool parallel = false)
    {
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster);
        var runner = new NodeRunner(cloud, environment);
        try
        {
            if (parallel)
            {
                await runner.CreateAllAsync(nodes);
            }
            else
            {
                foreach (var node in nodes)
                {
                    await runner.CreateAsync(node);
                }
            }

            await CheckNetworkAsync(cloud, environment, runner.Made);
            if (withCluster)
            {
                await CheckClusterAsync(cloud, environment, runner.Made);
            }
        }
        finally
        {
            if (parallel)
            {
                await runner.DeleteAllAsync(nodes);
            }
            else
            {
                foreach (var node in nodes.Reverse())
                {
                    await runner.DeleteAsync(node);
                }
            }
        }

        Assert.Empty(await cloud.LeftoversAsync(environment, nodes));
        var addresses = await cloud.Clients.Ec2(environment.Region).DescribeAddressesAsync(new DescribeAddressesRequest
        {
            Filters = [new Filter($"tag:{KundTags.EnvironmentTag}", [environment.Id.ToString("D")])],
        });
        Assert.Empty(addresses.Addresses ?? []);
        return runner;
    }

    private static async Task CheckNetworkAsync(CloudUnderTest cloud, EnvironmentRef environment, IReadOnlyDictionary<string, CloudResource> made)
    {
        var ec2 = cloud.Clients.Ec2(environment.Region);
        var vpcId = made[ResourceKeys.Vpc].CloudId;

        var vpc = Assert.Single((await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] })).Vpcs);
        Assert.Equal("10.3.0.0/16", vpc.CidrBlock);
        Assert.Equal(Tenancy.Default, vpc.InstanceTenancy);
        Assert.Contains(vpc.Tags, t => t.Key == KundTags.ResourceTag && t.Value == ResourceKeys.Vpc);
        Assert.Contains(vpc.Tags, t => t.Key == "Name" && t.Value == "payments-dev-vpc");
        Assert.Contains(vpc.Tags, t => t.Key == "cost-center" && t.Value == "1234");
        Assert.True((await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = VpcAttributeName.EnableDnsSupport })).EnableDnsSupport);
        Assert.True((await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = VpcAttributeName.EnableDnsHostnames })).EnableDnsHostnames);

        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpcId])] })).Subnets ?? [];
        Assert.Equal(4, subnets.Count);
        foreach (var (name, cidr, zone, isPublic) in new[]
        {
            ("public-a", "10.3.0.0/20", SeedEnvironment.ZoneA, true),
            ("public-b", "10.3.16.0/20", SeedEnvironment.ZoneB, true),
            ("private-a", "10.3.32.0/20", SeedEnvironment.ZoneA, false),
            ("private-b", "10.3.48.0/20", SeedEnvironment.ZoneB, false),
        })
        {
            var subnet = Assert.Single(subnets, s => s.SubnetId == made[ResourceKeys.Subnet(name)].CloudId);
            Assert.Equal(cidr, subnet.CidrBlock);
            Assert.Equal(zone, subnet.AvailabilityZone);
            Assert.Equal(isPublic, subnet.MapPublicIpOnLaunch ?? false);
            Assert.Equal(zone, made[ResourceKeys.Subnet(name)].Attribute("availabilityZone"));
        }

        var igwId = made[ResourceKeys.InternetGateway].CloudId;
        var igw = Assert.Single((await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { InternetGatewayIds = [igwId] })).InternetGateways);
        Assert.Equal(vpcId, Assert.Single(igw.Attachments).VpcId);
        Assert.Equal(vpcId, made[ResourceKeys.InternetGateway].Attribute("vpcId"));

        var eipId = made[ResourceKeys.ElasticIp(SeedEnvironment.ZoneA)].CloudId;
        var natId = made[ResourceKeys.NatGateway(SeedEnvironment.ZoneA)].CloudId;
        var nat = Assert.Single((await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] })).NatGateways);
        Assert.Equal(NatGatewayState.Available, nat.State);
        Assert.Equal(made[ResourceKeys.Subnet("public-a")].CloudId, nat.SubnetId);
        Assert.Equal(eipId, Assert.Single(nat.NatGatewayAddresses).AllocationId);

        var publicTable = await RouteTableAsync(ec2, made[ResourceKeys.PublicRouteTable].CloudId);
        Assert.Contains(publicTable.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == igwId);
        AssertAssociated(publicTable, made, "public-a", "public-b");
        var privateTable = await RouteTableAsync(ec2, made[ResourceKeys.PrivateRouteTable].CloudId);
        Assert.Contains(privateTable.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == natId);
        AssertAssociated(privateTable, made, "private-a", "private-b");
    }

    private static async Task<RouteTable> RouteTableAsync(IAmazonEC2 ec2, string id) =>
        Assert.Single((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [id] })).RouteTables);

    private static void AssertAssociated(RouteTable table, IReadOnlyDictionary<string, CloudResource> made, params string[] subnetNames)
    {
        var resource = made.Values.Single(r => r.CloudId == table.RouteTableId);
        foreach (var name in subnetNames)
        {
            var key = ResourceKeys.Subnet(name);
            var association = Assert.Single(table.Associations, a => a.SubnetId == made[key].CloudId);
            Assert.Equal(association.RouteTableAssociationId, resource.Attribute(RouteTableDriver.AssociationPrefix + key));
        }
    }

    private static async Task CheckClusterAsync(CloudUnderTest cloud, EnvironmentRef environment, IReadOnlyDictionary<string, CloudResource> made)
    {
        var role = made[ResourceKeys.ClusterRole];
        var described = (await cloud.Clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = role.CloudId })).Role;
        Assert.Equal(role.Arn, described.Arn);
        Assert.Contains("eks.amazonaws.com", described.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", described.AssumeRolePolicyDocument, StringComparison.Ordinal);
        var tags = (await cloud.Clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = role.CloudId })).Tags;
        Assert.Contains(tags, t => t.Key == KundTags.ResourceTag && t.Value == ResourceKeys.ClusterRole);
        var policies = (await cloud.Clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = role.CloudId })).AttachedPolicies;
        Assert.Contains(policies, p => p.PolicyArn == SeedEnvironment.PolicyArn);

        var clusterResource = made[ResourceKeys.Cluster];
        var cluster = (await cloud.Clients.Eks(environment.Region).DescribeClusterAsync(new DescribeClusterRequest { Name = clusterResource.CloudId })).Cluster;
        Assert.Equal(ClusterStatus.ACTIVE, cluster.Status);
        Assert.Equal(role.Arn, cluster.RoleArn);
        Assert.Equal("1.34", cluster.Version);
        Assert.Equal(
            new[] { made[ResourceKeys.Subnet("private-a")].CloudId, made[ResourceKeys.Subnet("private-b")].CloudId }.Order(),
            cluster.ResourcesVpcConfig!.SubnetIds.Order());
        Assert.True(cluster.ResourcesVpcConfig.EndpointPublicAccess);
        Assert.True(cluster.ResourcesVpcConfig.EndpointPrivateAccess);
        Assert.Equal(["0.0.0.0/0"], cluster.ResourcesVpcConfig.PublicAccessCidrs);
        var enabled = cluster.Logging!.ClusterLogging.Where(l => l.Enabled == true).SelectMany(l => l.Types).ToList();
        Assert.Contains("api", enabled);
        Assert.Contains("audit", enabled);
        Assert.Equal(cluster.Endpoint, clusterResource.Attribute("endpoint"));
        Assert.False(string.IsNullOrEmpty(cluster.Endpoint));
        Assert.Equal(cluster.Arn, clusterResource.Arn);
        Assert.True(KundTags.AreOurs(SeedEnvironment.Context(environment, SeedEnvironment.Nodes(environment, true).Single(n => n.Key == ResourceKeys.Cluster), made), cluster.Tags));
    }
}
