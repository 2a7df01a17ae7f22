using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Iam.Model;
using Kund.Tests.Infrastructure.Aws.Contract;

namespace Kund.Tests.Infrastructure.Aws.Updates;

/// <summary>The EC2 and IAM rows of the in-place contract: each made by its driver, changed by UpdateAsync, checked in the sandbox.</summary>
public sealed class SandboxNetworkUpdateTests
{
    private const string ZoneB = SeedEnvironment.ZoneB;

    [Fact]
    public async Task Vpc_DnsAttributesOff_ModifyVpcAttributeInPlace()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var vpc = Node(nodes, ResourceKeys.Vpc);
        var vpcId = runner.Made[vpc.Key].CloudId;

        var updated = await UpdateAsync(cloud, runner, environment, vpc, (VpcDesired)vpc.Desired with { EnableDnsSupport = false, EnableDnsHostnames = false });

        var state = cloud.Cloud.GetVpc(SeedEnvironment.Region, vpcId);
        Assert.False(state.EnableDnsSupport);
        Assert.False(state.EnableDnsHostnames);
        Assert.Equal(vpcId, updated.CloudId);
        Assert.Equal("10.3.0.0/16", updated.Attribute("cidr"));
    }

    [Fact]
    public async Task Vpc_CidrChanged_IsABugNamingTheAttribute()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var vpc = Node(nodes, ResourceKeys.Vpc);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => UpdateAsync(cloud, runner, environment, vpc, (VpcDesired)vpc.Desired with { Cidr = "10.4.0.0/16" }));

        Assert.Contains("cidr", error.Message, StringComparison.Ordinal);
        Assert.Contains("forces replacement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subnet_PrivateBecomesPublic_MapsPublicIpsOnLaunch()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var subnet = Node(nodes, ResourceKeys.Subnet("private-a"));
        var subnetId = runner.Made[subnet.Key].CloudId;
        Assert.False(cloud.Cloud.DescribeSubnets(SeedEnvironment.Region, [subnetId]).Single().MapPublicIpOnLaunch);

        var updated = await UpdateAsync(cloud, runner, environment, subnet, (SubnetDesired)subnet.Desired with { Tier = SubnetTier.Public });

        Assert.True(cloud.Cloud.DescribeSubnets(SeedEnvironment.Region, [subnetId]).Single().MapPublicIpOnLaunch);
        Assert.Equal(subnetId, updated.CloudId);
        Assert.Equal("10.3.32.0/20", updated.Attribute("cidr"));
    }

    [Fact]
    public async Task EnvironmentTagsChanged_EveryNetworkKindRetagged_KundTagsKept()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var retagged = environment with { Tags = new Dictionary<string, string> { ["owner"] = "team-a" } };

        foreach (var node in nodes)
        {
            await cloud.Drivers.For(node.Kind).UpdateAsync(SeedEnvironment.Context(retagged, node, runner.Made), runner.Made[node.Key], node.Desired, CancellationToken.None);
        }

        var ours = cloud.Cloud.Inventory().Where(i => i.Tags.GetValueOrDefault(KundTags.EnvironmentTag) == environment.Id.ToString("D")).ToList();
        Assert.Equal(nodes.Count, ours.Count);
        Assert.All(ours, item =>
        {
            Assert.Equal("team-a", item.Tags["owner"]);
            Assert.False(item.Tags.ContainsKey("cost-center"));
            Assert.True(item.Tags.ContainsKey(KundTags.ResourceTag));
            Assert.True(item.Tags.ContainsKey(KundTags.NameTag));
        });
        Assert.Equal(
            [ResourceKind.Vpc, ResourceKind.Subnet, ResourceKind.InternetGateway, ResourceKind.ElasticIp, ResourceKind.NatGateway, ResourceKind.RouteTable],
            ours.Select(i => i.Kind).Distinct().Order());
    }

    [Fact]
    public async Task RouteTable_TargetChanges_ReplaceRouteWithoutAMomentWithoutRoute()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var (natB, _) = await SecondNatAsync(runner);
        var table = Node(nodes, ResourceKeys.PrivateRouteTable);
        var desired = (RouteTableDesired)table.Desired with { Routes = [new RouteDesired("0.0.0.0/0", natB.Key)] };
        cloud.Cloud.Calls.Reset();

        await UpdateAsync(cloud, runner, environment, table with { DependsOn = [.. table.DependsOn, natB.Key] }, desired);

        var route = cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region, [runner.Made[table.Key].CloudId]).Single().Routes.Single(r => r.DestinationCidrBlock == "0.0.0.0/0");
        Assert.Equal(runner.Made[natB.Key].CloudId, route.NatGatewayId);
        Assert.Equal(1, cloud.Cloud.Calls.Calls("ReplaceRoute"));
        Assert.Equal(0, cloud.Cloud.Calls.Calls("DeleteRoute"));
        Assert.Equal(0, cloud.Cloud.Calls.Calls("CreateRoute"));
    }

    [Fact]
    public async Task RouteTable_RouteAddedThenRemoved_CreateRouteAndDeleteRoute()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var table = Node(nodes, ResourceKeys.PublicRouteTable);
        var before = (RouteTableDesired)table.Desired;
        var withPeer = before with { Routes = [.. before.Routes, new RouteDesired("192.168.0.0/16", ResourceKeys.InternetGateway)] };
        var tableId = runner.Made[table.Key].CloudId;

        await UpdateAsync(cloud, runner, environment, table, withPeer);
        var added = cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region, [tableId]).Single().Routes.Select(r => r.DestinationCidrBlock).ToList();
        await cloud.Drivers.For(ResourceKind.RouteTable).UpdateAsync(
            SeedEnvironment.Context(environment, table, runner.Made), runner.Made[table.Key], withPeer, CancellationToken.None);
        var removed = cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region, [tableId]).Single().Routes.Select(r => r.DestinationCidrBlock).ToList();

        Assert.Contains("192.168.0.0/16", added);
        Assert.DoesNotContain("192.168.0.0/16", removed);
        Assert.Contains("0.0.0.0/0", removed);
    }

    [Fact]
    public async Task RouteTable_SubnetMovesToANewTable_ReplaceRouteTableAssociationThenOldTableLetsGo()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var (natB, _) = await SecondNatAsync(runner);
        var privateB = ResourceKeys.Subnet("private-b");
        var privateA = ResourceKeys.Subnet("private-a");
        var oldTable = Node(nodes, ResourceKeys.PrivateRouteTable);
        var newTable = new ResourceNode(
            ResourceKeys.PrivateRouteTableFor(ZoneB), ResourceKind.RouteTable, [ResourceKeys.Vpc, natB.Key, privateB],
            new RouteTableDesired("private-b", [new RouteDesired("0.0.0.0/0", natB.Key)], [privateB]));
        var subnetB = runner.Made[privateB].CloudId;

        var created = await runner.CreateAsync(newTable);
        var oldDesired = (RouteTableDesired)oldTable.Desired with { SubnetKeys = [privateA] };
        var updated = await UpdateAsync(cloud, runner, environment, oldTable, oldDesired);

        var tables = cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region).Where(t => t.Associations.Any(a => a.SubnetId == subnetB)).ToList();
        Assert.Equal(created.CloudId, Assert.Single(tables).Id);
        Assert.Equal(1, cloud.Cloud.Calls.Calls("ReplaceRouteTableAssociation"));
        Assert.Equal(0, cloud.Cloud.Calls.Calls("DisassociateRouteTable"));
        Assert.Equal(created.Attribute(RouteTableDriver.AssociationPrefix + privateB), Assert.Single(tables[0].Associations).Id);
        Assert.Equal(runner.Made[privateA].CloudId, Assert.Single(cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region, [updated.CloudId]).Single().Associations).SubnetId);
        Assert.Null(updated.Attribute(RouteTableDriver.AssociationPrefix + privateB));
    }

    [Fact]
    public async Task RouteTable_SubnetDropped_DisassociatedAndRepeatingChangesNothing()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (environment, nodes, runner) = await NetworkAsync(cloud);
        var table = Node(nodes, ResourceKeys.PublicRouteTable);
        var desired = (RouteTableDesired)table.Desired with { SubnetKeys = [ResourceKeys.Subnet("public-a")] };

        var first = await UpdateAsync(cloud, runner, environment, table, desired);
        cloud.Cloud.Calls.Reset();
        // The run crashed before recording the first result: the same call again, from the same recorded resource.
        var second = await cloud.Drivers.For(ResourceKind.RouteTable).UpdateAsync(
            SeedEnvironment.Context(environment, table with { Desired = desired }, runner.Made), runner.Made[table.Key], table.Desired, CancellationToken.None);

        var associations = cloud.Cloud.DescribeRouteTables(SeedEnvironment.Region, [first.CloudId]).Single().Associations;
        Assert.Equal(runner.Made[ResourceKeys.Subnet("public-a")].CloudId, Assert.Single(associations).SubnetId);
        Assert.Equal(first.Attributes.OrderBy(a => a.Key), second.Attributes.OrderBy(a => a.Key));
        Assert.DoesNotContain(cloud.Cloud.Calls.Snapshot().Keys, op => !op.StartsWith("Describe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IamRole_TrustPolicyAndTags_UpdatedInPlace()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var role = Node(SeedEnvironment.Nodes(environment, withCluster: true), ResourceKeys.ClusterRole);
        var runner = new NodeRunner(cloud, environment);
        await runner.CreateAsync(role);
        const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["eks.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""";
        var retagged = environment with { Tags = new Dictionary<string, string> { ["owner"] = "team-a" } };

        var updated = await cloud.Drivers.For(ResourceKind.IamRole).UpdateAsync(
            SeedEnvironment.Context(retagged, role with { Desired = (IamRoleDesired)role.Desired with { AssumeRolePolicyDocument = Trust } }, runner.Made),
            runner.Made[role.Key],
            role.Desired,
            CancellationToken.None);

        var state = cloud.Cloud.GetRole(updated.CloudId);
        Assert.Equal(Trust, state.AssumeRolePolicyDocument);
        Assert.Equal("team-a", state.Tags["owner"]);
        Assert.False(state.Tags.ContainsKey("cost-center"));
        Assert.Equal(environment.Id.ToString("D"), state.Tags[KundTags.EnvironmentTag]);
        Assert.Equal(runner.Made[role.Key].Arn, updated.Arn);
        Assert.Equal(1, cloud.Cloud.Calls.Calls("UntagRole"));
        var tags = await cloud.Clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = updated.CloudId });
        Assert.DoesNotContain(tags.Tags, t => t.Key == "cost-center");
    }

    [Fact]
    public async Task IamRole_SameDocumentReformatted_NoUpdateCall()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var role = Node(SeedEnvironment.Nodes(environment, withCluster: true), ResourceKeys.ClusterRole);
        var runner = new NodeRunner(cloud, environment);
        await runner.CreateAsync(role);
        var spaced = SeedEnvironment.TrustPolicy.Replace(",", ", ", StringComparison.Ordinal);

        await cloud.Drivers.For(ResourceKind.IamRole).UpdateAsync(
            SeedEnvironment.Context(environment, role with { Desired = (IamRoleDesired)role.Desired with { AssumeRolePolicyDocument = spaced } }, runner.Made),
            runner.Made[role.Key],
            role.Desired,
            CancellationToken.None);

        Assert.Equal(0, cloud.Cloud.Calls.Calls("UpdateAssumeRolePolicy"));
        Assert.Equal(0, cloud.Cloud.Calls.Calls("TagRole"));
    }

    private static async Task<(EnvironmentRef Environment, IReadOnlyList<ResourceNode> Nodes, NodeRunner Runner)> NetworkAsync(SandboxCloudUnderTest cloud)
    {
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes)
        {
            await runner.CreateAsync(node);
        }

        return (environment, nodes, runner);
    }

    /// <summary>A NAT gateway in zone b with its address, as a per-zone NAT change makes first.</summary>
    private static async Task<(ResourceNode Nat, ResourceNode Address)> SecondNatAsync(NodeRunner runner)
    {
        var publicB = ResourceKeys.Subnet("public-b");
        var eip = new ResourceNode(ResourceKeys.ElasticIp(ZoneB), ResourceKind.ElasticIp, [], new ElasticIpDesired(ZoneB));
        var nat = new ResourceNode(ResourceKeys.NatGateway(ZoneB), ResourceKind.NatGateway, [publicB, eip.Key, ResourceKeys.InternetGateway], new NatGatewayDesired(ZoneB, publicB, eip.Key));
        await runner.CreateAsync(eip);
        await runner.CreateAsync(nat);
        return (nat, eip);
    }

    private static Task<CloudResource> UpdateAsync(SandboxCloudUnderTest cloud, NodeRunner runner, EnvironmentRef environment, ResourceNode node, ResourceDesired desired) =>
        cloud.Drivers.For(node.Kind).UpdateAsync(
            SeedEnvironment.Context(environment, node with { Desired = desired }, runner.Made), runner.Made[node.Key], node.Desired, CancellationToken.None);

    private static ResourceNode Node(IEnumerable<ResourceNode> nodes, string key) => nodes.Single(n => n.Key == key);
}
