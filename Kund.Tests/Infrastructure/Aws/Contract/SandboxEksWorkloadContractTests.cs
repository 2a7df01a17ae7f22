using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The node group, add-on and access entry drivers against the sandbox at 600× speed, through the production clients and waiters.</summary>
public sealed class SandboxEksWorkloadContractTests
{
    internal const string NodeTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    internal const string EditPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";
    private static readonly string[] Addons = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns"];

    [Fact]
    public async Task ClusterWithNodesAddonsAndAccess_CreateCheckDestroy_LeavesNothingBehind()
    {
        using var cloud = new SandboxCloudUnderTest();
        var team = cloud.Cloud.CreateRole("payments-team", "/team/", NodeTrust, null, null).Arn;
        var environment = SeedEnvironment.Environment();
        var nodes = Nodes(environment, team);
        var runner = new NodeRunner(cloud, environment);

        await runner.CreateAllAsync(nodes);
        var eks = cloud.Clients.Eks(environment.Region);
        var cluster = runner.Made[ResourceKeys.Cluster].CloudId;
        var nodegroup = (await eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = cluster, NodegroupName = "general" })).Nodegroup;
        var addons = new List<Addon>();
        foreach (var name in Addons)
        {
            addons.Add((await eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = cluster, AddonName = name })).Addon);
        }

        var policies = await eks.ListAllAssociatedAccessPoliciesAsync(cluster, team);
        var clusterAccess = (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = cluster })).Cluster.AccessConfig;
        await runner.DeleteAllAsync(nodes);

        Assert.Equal(NodegroupStatus.ACTIVE, nodegroup.Status);
        Assert.Equal(2, nodegroup.ScalingConfig!.DesiredSize);
        Assert.Empty(runner.Made);
        Assert.All(addons, a => Assert.Equal(AddonStatus.ACTIVE, a.Status));
        Assert.Equal("v1.12.4-eksbuild.1", addons.Single(a => a.AddonName == "coredns").AddonVersion);
        Assert.Equal("v1.21.1-eksbuild.1", addons.Single(a => a.AddonName == "vpc-cni").AddonVersion);
        Assert.Equal(EditPolicy, Assert.Single(policies).PolicyArn);
        Assert.Equal(AccessScopeType.Cluster, policies[0].AccessScope!.Type);
        Assert.Equal(AuthenticationMode.API, clusterAccess!.AuthenticationMode);
        Assert.False(clusterAccess.BootstrapClusterCreatorAdminPermissions);
        Assert.Empty(await cloud.LeftoversAsync(environment, nodes));
        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind is ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry or ResourceKind.EksCluster);
    }

    [Fact]
    public async Task NodeGroup_Created_FindAdoptsTheSameGroup()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = Nodes(environment, principal: null);
        var runner = new NodeRunner(cloud, environment);
        var needed = nodes.TakeWhile(n => n.Kind != ResourceKind.EksAddon).ToList();
        foreach (var node in needed)
        {
            await runner.CreateAsync(node);
        }

        var nodegroupNode = nodes.Single(n => n.Kind == ResourceKind.EksNodeGroup);
        var found = await cloud.Drivers.For(ResourceKind.EksNodeGroup).FindAsync(runner.Context(nodegroupNode), CancellationToken.None);

        Assert.Equal(runner.Made[nodegroupNode.Key].CloudId, found?.CloudId);
        Assert.Equal($"{runner.Made[ResourceKeys.Cluster].CloudId}/general", found?.CloudId);
        foreach (var node in needed.AsEnumerable().Reverse())
        {
            await runner.DeleteAsync(node);
        }

        Assert.Empty(await cloud.LeftoversAsync(environment, nodes));
    }

    [Fact]
    public async Task NodeGroup_SubnetWithoutRouteOut_WaitFailsPermanentlyWithSubnetIssue()
    {
        // The scaled wait for a route out (30 min / 600 = 3 s), without the real-time floor a throttled account needs.
        using var cloud = new SandboxCloudUnderTest(configureAws: aws => aws.MinimumRouteOutWait = TimeSpan.Zero);
        var environment = SeedEnvironment.Environment();
        var isolatedKey = ResourceKeys.Subnet("isolated-a");
        var nodes = Nodes(environment, principal: null).ToList();
        nodes.Insert(1, new ResourceNode(isolatedKey, ResourceKind.Subnet, [ResourceKeys.Vpc], new SubnetDesired("isolated-a", "10.3.64.0/20", SeedEnvironment.ZoneA, SubnetTier.Private)));
        var nodegroupNode = nodes.Single(n => n.Kind == ResourceKind.EksNodeGroup);
        var isolated = nodegroupNode with
        {
            DependsOn = [.. nodegroupNode.DependsOn, isolatedKey],
            Desired = ((EksNodeGroupDesired)nodegroupNode.Desired) with { SubnetKeys = [isolatedKey] },
        };
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.TakeWhile(n => n.Kind != ResourceKind.EksNodeGroup))
        {
            await runner.CreateAsync(node);
        }

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => runner.CreateAsync(isolated));
        var driver = cloud.Drivers.For(ResourceKind.EksNodeGroup);
        var failed = await driver.FindForDeleteAsync(runner.Context(isolated), CancellationToken.None);
        await driver.DeleteAsync(runner.Context(isolated), failed!, CancellationToken.None);

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("Ec2SubnetInvalidConfiguration", error.Code);
        Assert.Contains(runner.Made[isolatedKey].CloudId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind == ResourceKind.EksNodeGroup);
        foreach (var node in nodes.TakeWhile(n => n.Kind != ResourceKind.EksNodeGroup).Reverse())
        {
            await runner.DeleteAsync(node);
        }
    }

    [Fact]
    public async Task AccessEntry_SamePrincipalMadeByOthers_RefusedAndLeftAloneOnDestroy()
    {
        using var cloud = new SandboxCloudUnderTest();
        var team = cloud.Cloud.CreateRole("payments-team", null, NodeTrust, null, null).Arn;
        var environment = SeedEnvironment.Environment();
        var nodes = Nodes(environment, team);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Kind is not (ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry)))
        {
            await runner.CreateAsync(node);
        }

        var cluster = runner.Made[ResourceKeys.Cluster].CloudId;
        cloud.Cloud.CreateAccessEntry(SeedEnvironment.Region, cluster, new SandboxAccessEntryRequest(team, [], null, null, new Dictionary<string, string>()));
        var entryNode = nodes.Single(n => n.Kind == ResourceKind.EksAccessEntry);
        var driver = cloud.Drivers.For(ResourceKind.EksAccessEntry);

        var refused = await Assert.ThrowsAsync<CloudOperationException>(() => runner.CreateAsync(entryNode));
        var forDelete = await driver.FindForDeleteAsync(runner.Context(entryNode), CancellationToken.None);
        await driver.DeleteAsync(runner.Context(entryNode), new CloudResource($"{cluster}/{team}", null, new Dictionary<string, string>()), CancellationToken.None);

        Assert.Equal(CloudErrorKind.Permanent, refused.Kind);
        Assert.Null(forDelete);
        Assert.Equal(team, cloud.Cloud.DescribeAccessEntry(SeedEnvironment.Region, cluster, team).PrincipalArn);
    }

    /// <summary>
    /// The seed environment with an API-mode cluster, a node role with the three worker policies, one node
    /// group of two nodes in the private subnets, the four default add-ons (coredns after the node group)
    /// and, when <paramref name="principal"/> is given, its access entry.
    /// </summary>
    internal static List<ResourceNode> Nodes(EnvironmentRef environment, string? principal)
    {
        var suffix = environment.Id.ToString("N")[..8];
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true).ToList();
        var clusterIndex = nodes.FindIndex(n => n.Key == ResourceKeys.Cluster);
        var cluster = nodes[clusterIndex];
        var clusterDesired = (EksClusterDesired)cluster.Desired with
        {
            AuthenticationMode = AuthenticationMode.API,
            BootstrapClusterCreatorAdminPermissions = false,
            BootstrapSelfManagedAddons = false,
        };
        nodes[clusterIndex] = cluster with { Desired = clusterDesired };

        const string NodeRole = "iam/node-role";
        var roleName = $"{environment.Name}-eks-node-{suffix}";
        nodes.Add(new(NodeRole, ResourceKind.IamRole, [], new IamRoleDesired(roleName, NodeTrust)));
        var attachments = SandboxCloud.WorkerNodePolicyArns.Select((policy, i) => new ResourceNode(
            $"{NodeRole}/policy-{i}", ResourceKind.IamRolePolicyAttachment, [NodeRole], new IamRolePolicyAttachmentDesired(NodeRole, roleName, policy))).ToList();
        nodes.AddRange(attachments);
        var privateSubnets = new[] { ResourceKeys.Subnet("private-a"), ResourceKeys.Subnet("private-b") };
        const string NodeGroup = "eks/nodegroup/general";
        nodes.Add(new(
            NodeGroup,
            ResourceKind.EksNodeGroup,
            [ResourceKeys.Cluster, NodeRole, .. attachments.Select(a => a.Key), .. privateSubnets, ResourceKeys.PrivateRouteTable],
            new EksNodeGroupDesired(
                "general", ResourceKeys.Cluster, clusterDesired.Name, NodeRole, privateSubnets, ["t3.medium"], "ON_DEMAND", "AL2023_x86_64_STANDARD", 20, 1, 2, 3,
                new Dictionary<string, string> { ["team"] = "payments" })));
        foreach (var addon in Addons)
        {
            nodes.Add(new(
                $"eks/addon/{addon}",
                ResourceKind.EksAddon,
                addon == "coredns" ? [ResourceKeys.Cluster, NodeGroup] : [ResourceKeys.Cluster],
                new EksAddonDesired(ResourceKeys.Cluster, clusterDesired.Name, addon, null)));
        }

        if (principal is not null)
        {
            nodes.Add(new("eks/access/team", ResourceKind.EksAccessEntry, [ResourceKeys.Cluster], new EksAccessEntryDesired(ResourceKeys.Cluster, clusterDesired.Name, principal, EditPolicy, [])));
        }

        return nodes;
    }
}
