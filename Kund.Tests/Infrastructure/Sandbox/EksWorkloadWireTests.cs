using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Infrastructure.Aws.Contract;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>Node groups, add-ons, access entries and the new CreateCluster fields: the real EKS client over the sandbox transport, on fake time at AWS's own speed.</summary>
public sealed class EksWorkloadWireTests : IDisposable
{
    private const string Region = SeedEnvironment.Region;
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
    private const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SandboxCloudUnderTest _cloud;
    private readonly IEksClient _eks;

    public EksWorkloadWireTests()
    {
        _cloud = new SandboxCloudUnderTest(timeScale: 1, time: _time);
        _eks = _cloud.Clients.Eks(Region);
    }

    private SandboxCloud Cloud => _cloud.Cloud;

    public void Dispose() => _cloud.Dispose();

    [Fact]
    public async Task CreateCluster_NoAccessConfig_DefaultsToConfigMapWithCreatorAdminAndExtendedSupport()
    {
        var network = Network();

        var cluster = (await _eks.CreateClusterAsync(ClusterRequest("c1", network))).Cluster;

        Assert.Equal(AuthenticationMode.ConfigMap, cluster.AccessConfig!.AuthenticationMode);
        Assert.True(cluster.AccessConfig.BootstrapClusterCreatorAdminPermissions);
        Assert.Equal(SupportType.EXTENDED, cluster.UpgradePolicy!.SupportType);
        Assert.False(cluster.DeletionProtection);
        Assert.False(cluster.ComputeConfig!.Enabled);
    }

    [Fact]
    public async Task CreateCluster_AutoModeAllThree_ReportsAutoModeOn()
    {
        var network = Network();
        var request = ClusterRequest("auto", network, AuthenticationMode.API);
        request.ComputeConfig = new ComputeConfig { Enabled = true, NodePools = ["general-purpose", "system"], NodeRoleArn = network.NodeRoleArn };
        request.KubernetesNetworkConfig = new KubernetesNetworkConfig { ElasticLoadBalancing = new ElasticLoadBalancing { Enabled = true } };
        request.StorageConfig = new StorageConfig { BlockStorage = new BlockStorage { Enabled = true } };
        request.UpgradePolicy = new UpgradePolicy { SupportType = SupportType.STANDARD };

        var cluster = (await _eks.CreateClusterAsync(request)).Cluster;

        Assert.True(cluster.ComputeConfig!.Enabled);
        Assert.Equal(["general-purpose", "system"], cluster.ComputeConfig.NodePools);
        Assert.True(cluster.KubernetesNetworkConfig!.ElasticLoadBalancing!.Enabled);
        Assert.True(cluster.StorageConfig!.BlockStorage!.Enabled);
        Assert.Equal(SupportType.STANDARD, cluster.UpgradePolicy!.SupportType);
    }

    [Fact]
    public async Task CreateCluster_AutoModeComputeWithoutStorage_FailsWithInvalidParameter()
    {
        var network = Network();
        var request = ClusterRequest("half", network, AuthenticationMode.API);
        request.ComputeConfig = new ComputeConfig { Enabled = true };
        request.KubernetesNetworkConfig = new KubernetesNetworkConfig { ElasticLoadBalancing = new ElasticLoadBalancing { Enabled = true } };

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.CreateClusterAsync(request));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Contains("storageConfig.blockStorage.enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodegroup_Lifecycle_CreatingThreeMinutesActiveThenDeletingUntilGone()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);

        var created = (await _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network))).Nodegroup;
        _time.Advance(TimeSpan.FromMinutes(2.5));
        var stillCreating = await DescribeNodegroupAsync("c1", "general");
        _time.Advance(TimeSpan.FromMinutes(0.5));
        var active = await DescribeNodegroupAsync("c1", "general");
        var listed = await _eks.ListAllNodegroupsAsync("c1");
        var deleting = (await _eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = "c1", NodegroupName = "general" })).Nodegroup;
        _time.Advance(TimeSpan.FromMinutes(5));
        var stillDeleting = await DescribeNodegroupAsync("c1", "general");
        _time.Advance(TimeSpan.FromMinutes(1));
        var gone = await Assert.ThrowsAsync<EksServiceException>(() => DescribeNodegroupAsync("c1", "general"));

        Assert.Equal(NodegroupStatus.CREATING, created.Status);
        Assert.Equal(NodegroupStatus.CREATING, stillCreating.Status);
        Assert.Equal(NodegroupStatus.ACTIVE, active.Status);
        Assert.Equal(2, active.ScalingConfig!.DesiredSize);
        Assert.Equal("AL2023_x86_64_STANDARD", active.AmiType);
        Assert.Equal("ON_DEMAND", active.CapacityType);
        Assert.Equal("1.34", active.Version);
        Assert.Equal(["general"], listed);
        Assert.Equal(NodegroupStatus.DELETING, deleting.Status);
        Assert.Equal(NodegroupStatus.DELETING, stillDeleting.Status);
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task CreateNodegroup_PrivateSubnetWithoutNat_EndsCreateFailedWithSubnetHealthIssue()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        var isolated = Cloud.CreateSubnet(Region, network.VpcId, "10.0.9.0/24", "ap-northeast-2a", null).Id;
        var request = NodegroupRequest("c1", "isolated", network);
        request.Subnets = [isolated];

        await _eks.CreateNodegroupAsync(request);
        _time.Advance(TimeSpan.FromMinutes(3));
        var failed = await DescribeNodegroupAsync("c1", "isolated");

        Assert.Equal(NodegroupStatus.CreateFailed, failed.Status);
        var issue = Assert.Single(failed.Health!.Issues);
        Assert.Equal("Ec2SubnetInvalidConfiguration", issue.Code);
        Assert.Equal([isolated], issue.ResourceIds);
    }

    [Fact]
    public async Task CreateNodegroup_RoleWithoutCniPolicy_FailsWithInvalidParameterNamingThePolicy()
    {
        var network = Network(attachCni: false);
        await ActiveClusterAsync("c1", network);

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network)));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Contains("AmazonEKS_CNI_Policy", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AmazonEKSWorkerNodePolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateNodegroup_RoleTrustingOnlyEks_FailsWithInvalidParameter()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        var request = NodegroupRequest("c1", "general", network);
        request.NodeRole = network.ClusterRoleArn;

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.CreateNodegroupAsync(request));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Contains("[ec2.amazonaws.com]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateNodegroup_DesiredAboveMax_FailsWithInvalidParameter()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        var request = NodegroupRequest("c1", "general", network);
        request.ScalingConfig = new NodegroupScalingConfig { MinSize = 1, DesiredSize = 4, MaxSize = 3 };

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.CreateNodegroupAsync(request));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task UpdateNodegroupConfig_NewDesiredSize_UpdatingThenActiveWithNewSize()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        await _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network));
        _time.Advance(TimeSpan.FromMinutes(3));

        var update = (await _eks.UpdateNodegroupConfigAsync(new UpdateNodegroupConfigRequest
        {
            ClusterName = "c1",
            NodegroupName = "general",
            ScalingConfig = new NodegroupScalingConfig { DesiredSize = 3, MaxSize = 4 },
        })).Update;
        var updating = await DescribeNodegroupAsync("c1", "general");
        _time.Advance(TimeSpan.FromMinutes(1));
        var updated = await DescribeNodegroupAsync("c1", "general");

        Assert.Equal("ConfigUpdate", update.Type);
        Assert.Contains(update.Params, p => p.Type == "DesiredSize" && p.Value == "3");
        Assert.Equal(NodegroupStatus.UPDATING, updating.Status);
        Assert.Equal(NodegroupStatus.ACTIVE, updated.Status);
        Assert.Equal(3, updated.ScalingConfig!.DesiredSize);
        Assert.Equal(4, updated.ScalingConfig.MaxSize);
    }

    [Fact]
    public async Task DeleteCluster_WithNodegroup_FailsWithResourceInUseUntilTheNodegroupIsGone()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        await _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network));
        _time.Advance(TimeSpan.FromMinutes(3));

        var refused = await Assert.ThrowsAsync<EksServiceException>(() => _eks.DeleteClusterAsync(new DeleteClusterRequest { Name = "c1" }));
        await _eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = "c1", NodegroupName = "general" });
        _time.Advance(TimeSpan.FromMinutes(6));
        var deleting = (await _eks.DeleteClusterAsync(new DeleteClusterRequest { Name = "c1" })).Cluster;

        Assert.Equal("ResourceInUseException", refused.ErrorCode);
        Assert.Equal(ClusterStatus.DELETING, deleting.Status);
    }

    [Fact]
    public async Task DeleteCluster_DeletionProtection_FailsWithInvalidRequest()
    {
        var network = Network();
        var request = ClusterRequest("kept", network);
        request.DeletionProtection = true;
        await _eks.CreateClusterAsync(request);
        _time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.DeleteClusterAsync(new DeleteClusterRequest { Name = "kept" }));

        Assert.Equal("InvalidRequestException", error.ErrorCode);
        Assert.Contains("deletion protection", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterStatus.ACTIVE, (await _eks.DescribeClusterAsync(new DescribeClusterRequest { Name = "kept" })).Cluster.Status);
    }

    [Fact]
    public async Task Addons_CorednsWithoutNodes_DegradedUntilANodegroupIsActive()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);

        var created = (await _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "coredns" })).Addon;
        await _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "kube-proxy" });
        _time.Advance(TimeSpan.FromMinutes(1));
        var degraded = await DescribeAddonAsync("c1", "coredns");
        var proxy = await DescribeAddonAsync("c1", "kube-proxy");
        await _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network));
        _time.Advance(TimeSpan.FromMinutes(3));
        var healthy = await DescribeAddonAsync("c1", "coredns");

        Assert.Equal(AddonStatus.CREATING, created.Status);
        Assert.Equal("v1.12.4-eksbuild.1", created.AddonVersion);
        Assert.Equal(AddonStatus.DEGRADED, degraded.Status);
        Assert.Equal("InsufficientNumberOfReplicas", Assert.Single(degraded.Health!.Issues).Code);
        Assert.Equal(AddonStatus.ACTIVE, proxy.Status);
        Assert.Equal(AddonStatus.ACTIVE, healthy.Status);
        Assert.Empty(healthy.Health!.Issues);
    }

    [Fact]
    public async Task CreateAddon_VersionForAnotherKubernetes_FailsWithInvalidParameter()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);

        var error = await Assert.ThrowsAsync<EksServiceException>(() =>
            _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "kube-proxy", AddonVersion = "v1.35.0-eksbuild.2" }));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Contains("1.34", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAddon_Active_DeletingThenGone()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);
        await _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "vpc-cni" });
        _time.Advance(TimeSpan.FromMinutes(1));

        var deleting = (await _eks.DeleteAddonAsync(new DeleteAddonRequest { ClusterName = "c1", AddonName = "vpc-cni" })).Addon;
        _time.Advance(TimeSpan.FromSeconds(30));
        var gone = await Assert.ThrowsAsync<EksServiceException>(() => DescribeAddonAsync("c1", "vpc-cni"));

        Assert.Equal(AddonStatus.DELETING, deleting.Status);
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task DescribeAddonVersions_SmallPages_AllFourAddonsWithOneDefaultPerKubernetesVersion()
    {
        var firstPage = await _eks.DescribeAddonVersionsAsync(new DescribeAddonVersionsRequest { KubernetesVersion = "1.35" });
        var all = await _eks.DescribeAllAddonVersionsAsync(new DescribeAddonVersionsRequest { KubernetesVersion = "1.35" });

        Assert.NotNull(firstPage.NextToken);
        Assert.True(firstPage.Addons.Count < all.Count);
        Assert.Equal(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"], all.Select(a => a.AddonName));
        foreach (var addon in all)
        {
            var compatibilities = addon.AddonVersions.SelectMany(v => v.Compatibilities).ToList();
            Assert.All(compatibilities, c => Assert.Equal("1.35", c.ClusterVersion));
            Assert.Single(compatibilities, c => c.DefaultVersion == true);
        }

        Assert.DoesNotContain(all.Single(a => a.AddonName == "kube-proxy").AddonVersions, v => v.AddonVersion == "v1.34.1-eksbuild.2");
    }

    [Fact]
    public async Task DescribeClusterVersions_SmallPages_FollowingNextTokenGivesAllThree()
    {
        var firstPage = await _eks.DescribeClusterVersionsAsync(new DescribeClusterVersionsRequest());
        var all = await _eks.DescribeAllClusterVersionsAsync(new DescribeClusterVersionsRequest());
        var badToken = await Assert.ThrowsAsync<EksServiceException>(() => _eks.DescribeClusterVersionsAsync(new DescribeClusterVersionsRequest { NextToken = "forged" }));

        Assert.NotNull(firstPage.NextToken);
        Assert.Equal(2, firstPage.ClusterVersions.Count);
        Assert.Equal(["1.35", "1.34", "1.33"], all.Select(v => v.ClusterVersion));
        Assert.Equal("InvalidParameterException", badToken.ErrorCode);
    }

    [Fact]
    public async Task AccessEntry_CreateAssociateListDelete_RoundTrips()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network, AuthenticationMode.API);
        var team = Cloud.CreateRole("payments-team", "/team/", Ec2Trust, null, null).Arn;

        var entry = (await _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = team })).AccessEntry;
        await _eks.AssociateAccessPolicyAsync(new AssociateAccessPolicyRequest
        {
            ClusterName = "c1",
            PrincipalArn = team,
            PolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
            AccessScope = new AccessScope { Type = AccessScopeType.Namespace, Namespaces = ["payments"] },
        });
        var policies = await _eks.ListAllAssociatedAccessPoliciesAsync("c1", team);
        var described = (await _eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = "c1", PrincipalArn = team })).AccessEntry;
        await _eks.DeleteAccessEntryAsync(new DeleteAccessEntryRequest { ClusterName = "c1", PrincipalArn = team });
        var gone = await Assert.ThrowsAsync<EksServiceException>(() => _eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = "c1", PrincipalArn = team }));

        Assert.Equal("STANDARD", entry.Type);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/payments-team/{{SessionName}}", entry.Username);
        Assert.Equal(team, described.PrincipalArn);
        var policy = Assert.Single(policies);
        Assert.Equal("namespace", policy.AccessScope!.Type);
        Assert.Equal(["payments"], policy.AccessScope.Namespaces);
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task CreateAccessEntry_SamePrincipalTwice_FailsWithResourceInUse()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network, AuthenticationMode.ApiAndConfigMap);
        var team = Cloud.CreateRole("payments-team", null, Ec2Trust, null, null).Arn;
        await _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = team });

        var error = await Assert.ThrowsAsync<EksServiceException>(() => _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = team }));

        Assert.Equal("ResourceInUseException", error.ErrorCode);
    }

    [Fact]
    public async Task CreateAccessEntry_UnknownPrincipal_FailsWithInvalidParameter()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network, AuthenticationMode.API);

        var error = await Assert.ThrowsAsync<EksServiceException>(() =>
            _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = "arn:aws:iam::111111111111:role/nobody" }));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task CreateAccessEntry_ConfigMapCluster_FailsWithInvalidRequest()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network);

        var error = await Assert.ThrowsAsync<EksServiceException>(() =>
            _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = network.NodeRoleArn }));

        Assert.Equal("InvalidRequestException", error.ErrorCode);
    }

    [Fact]
    public async Task DeletedCluster_TakesItsAddonsAndAccessEntriesWithIt()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network, AuthenticationMode.API);
        await _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "vpc-cni" });
        await _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = network.NodeRoleArn });
        _time.Advance(TimeSpan.FromMinutes(1));

        await _eks.DeleteClusterAsync(new DeleteClusterRequest { Name = "c1" });
        _time.Advance(TimeSpan.FromMinutes(8));

        Assert.DoesNotContain(Cloud.Inventory(), i => i.Kind is Kund.Domain.Resources.ResourceKind.EksAddon or Kund.Domain.Resources.ResourceKind.EksAccessEntry);
    }

    [Fact]
    public async Task SavedState_NodegroupAddonAccessEntry_SurviveARestart()
    {
        var network = Network();
        await ActiveClusterAsync("c1", network, AuthenticationMode.API);
        await _eks.CreateNodegroupAsync(NodegroupRequest("c1", "general", network));
        await _eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c1", AddonName = "coredns" });
        await _eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c1", PrincipalArn = network.NodeRoleArn });
        var path = Path.Combine(Path.GetTempPath(), $"kund-eks-state-{Guid.NewGuid():N}.json");
        try
        {
            new Kund.Infrastructure.Sandbox.Persistence.JsonFileSandboxStateStore(path).Save(Cloud.Snapshot());
            using var restarted = new SandboxCloud(new SandboxOptions(), _time, new Kund.Infrastructure.Sandbox.Persistence.JsonFileSandboxStateStore(path));
            _time.Advance(TimeSpan.FromMinutes(3));

            var nodegroup = restarted.DescribeNodegroup(Region, "c1", "general");
            var (addon, status) = restarted.AddonWithStatus(Region, "c1", "coredns");
            var entry = restarted.DescribeAccessEntry(Region, "c1", network.NodeRoleArn);
            var cluster = restarted.DescribeCluster(Region, "c1");

            Assert.Equal("ACTIVE", nodegroup.StatusAt(restarted.Now, restarted.Timings));
            Assert.Equal(2, nodegroup.DesiredSize);
            Assert.Equal("v1.12.4-eksbuild.1", addon.Version);
            Assert.Equal("ACTIVE", status);
            Assert.Equal(network.NodeRoleArn, entry.PrincipalArn);
            Assert.Equal("API", cluster.AuthenticationMode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ActiveClusterAsync(string name, SandboxNetwork network, string? authenticationMode = null)
    {
        await _eks.CreateClusterAsync(ClusterRequest(name, network, authenticationMode));
        _time.Advance(TimeSpan.FromMinutes(10));
    }

    private async Task<Nodegroup> DescribeNodegroupAsync(string cluster, string name) =>
        (await _eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = cluster, NodegroupName = name })).Nodegroup;

    private async Task<Addon> DescribeAddonAsync(string cluster, string name) =>
        (await _eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = cluster, AddonName = name })).Addon;

    private static CreateClusterRequest ClusterRequest(string name, SandboxNetwork network, string? authenticationMode = null) => new()
    {
        Name = name,
        Version = "1.34",
        RoleArn = network.ClusterRoleArn,
        ResourcesVpcConfig = new VpcConfigRequest { SubnetIds = [.. network.SubnetIds] },
        AccessConfig = authenticationMode is null ? null : new CreateAccessConfigRequest { AuthenticationMode = authenticationMode },
    };

    private static CreateNodegroupRequest NodegroupRequest(string cluster, string name, SandboxNetwork network) => new()
    {
        ClusterName = cluster,
        NodegroupName = name,
        NodeRole = network.NodeRoleArn,
        Subnets = [.. network.SubnetIds],
        ScalingConfig = new NodegroupScalingConfig { MinSize = 1, DesiredSize = 2, MaxSize = 3 },
    };

    /// <summary>A VPC with two public subnets routed to an internet gateway, a cluster role and a node role.</summary>
    private SandboxNetwork Network(bool attachCni = true)
    {
        var vpc = Cloud.CreateVpc(Region, "10.0.0.0/16", null).Id;
        var subnets = new[] { ("10.0.0.0/24", "ap-northeast-2a"), ("10.0.1.0/24", "ap-northeast-2b") }
            .Select(s => Cloud.ModifySubnetAttribute(Region, Cloud.CreateSubnet(Region, vpc, s.Item1, s.Item2, null).Id, true).Id)
            .ToList();
        var gateway = Cloud.CreateInternetGateway(Region).Id;
        Cloud.AttachInternetGateway(Region, gateway, vpc);
        var table = Cloud.CreateRouteTable(Region, vpc, null).Id;
        Cloud.CreateRoute(Region, table, "0.0.0.0/0", gateway, null);
        foreach (var subnet in subnets)
        {
            Cloud.AssociateRouteTable(Region, table, subnet);
        }

        var clusterRole = Cloud.CreateRole("cluster-role", null, EksTrust, null, null).Arn;
        var nodeRole = Cloud.CreateRole("node-role", null, Ec2Trust, null, null);
        foreach (var policy in SandboxCloud.WorkerNodePolicyArns.Where(p => attachCni || !p.Contains("CNI", StringComparison.Ordinal)))
        {
            Cloud.AttachRolePolicy(nodeRole.Name, policy);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        return new SandboxNetwork(vpc, subnets, clusterRole, nodeRole.Arn);
    }

    private sealed record SandboxNetwork(string VpcId, IReadOnlyList<string> SubnetIds, string ClusterRoleArn, string NodeRoleArn);
}
