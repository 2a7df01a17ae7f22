using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Tests.Infrastructure.Aws.Contract;

namespace Kund.Tests.Infrastructure.Aws.Updates;

/// <summary>
/// The EKS rows of the in-place contract against the sandbox at 1200× speed (a version upgrade takes 0.4 s):
/// made by the drivers, changed by UpdateAsync through the production client and waiters.
/// </summary>
public sealed class SandboxEksUpdateTests
{
    private const string NodeGroup = "eks/nodegroup/general";
    private const string ViewPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

    [Fact]
    public async Task Cluster_OneMinorUp_UpdateClusterVersionWaitsUntilActive()
    {
        using var setup = await Setup.ClusterAsync();

        var updated = await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35" });

        var cluster = setup.Cluster();
        Assert.Equal("1.35", cluster.Version);
        Assert.Equal("ACTIVE", cluster.StatusAt(setup.Cloud.Cloud.Now, setup.Cloud.Cloud.Timings));
        Assert.Equal("1.35", updated.Attribute("version"));
        Assert.Equal(ClusterStatus.ACTIVE, updated.Attribute("status"));
        Assert.Equal(1, setup.Cloud.Cloud.Calls.Calls("UpdateClusterVersion"));
        Assert.True(setup.Cloud.Cloud.Calls.Calls("DescribeUpdate") >= 1);
    }

    [Fact]
    public async Task Cluster_VersionJumpOfTwo_InvalidParameterException()
    {
        using var setup = await Setup.ClusterAsync(version: "1.33");

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35" }));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Contains("1.33 to 1.35", error.Message, StringComparison.Ordinal);
        Assert.Equal("1.33", setup.Cluster().Version);
    }

    [Fact]
    public async Task Cluster_EndpointLoggingAccessSupportProtection_OneUpdateClusterConfigEach()
    {
        using var setup = await Setup.ClusterAsync(authenticationMode: AuthenticationMode.ApiAndConfigMap);

        var updated = await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with
        {
            EndpointPrivateAccess = false,
            PublicAccessCidrs = ["203.0.113.0/24"],
            Logging = ["audit", "scheduler"],
            AuthenticationMode = AuthenticationMode.API,
            SupportType = SupportType.STANDARD,
            DeletionProtection = true,
        });

        var cluster = setup.Cluster();
        Assert.True(cluster.EndpointPublicAccess);
        Assert.False(cluster.EndpointPrivateAccess);
        Assert.Equal(["203.0.113.0/24"], cluster.PublicAccessCidrs);
        Assert.Equal(["audit", "scheduler"], cluster.EnabledLogTypes.Order(StringComparer.Ordinal));
        Assert.Equal(AuthenticationMode.API, cluster.AuthenticationMode);
        Assert.Equal(SupportType.STANDARD, cluster.SupportType);
        Assert.True(cluster.DeletionProtection);
        Assert.Equal(5, setup.Cloud.Cloud.Calls.Calls("UpdateClusterConfig"));
        Assert.Equal(ClusterStatus.ACTIVE, updated.Attribute("status"));
    }

    [Fact]
    public async Task Cluster_AuthenticationModeBackToConfigMap_IsABugNamingTheAttribute()
    {
        using var setup = await Setup.ClusterAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { AuthenticationMode = AuthenticationMode.ApiAndConfigMap }));

        Assert.Contains("authenticationMode", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, setup.Cloud.Cloud.Calls.Calls("UpdateClusterConfig"));
    }

    [Fact]
    public async Task Cluster_SecondUpdateWhileOneRuns_ResourceInUseThenDriverWaitsAndApplies()
    {
        using var setup = await Setup.ClusterAsync();
        var eks = setup.Eks;
        await eks.UpdateClusterVersionAsync(new UpdateClusterVersionRequest { Name = setup.ClusterName, Version = "1.35" });

        var refused = await Assert.ThrowsAsync<EksServiceException>(() => eks.UpdateClusterConfigAsync(new UpdateClusterConfigRequest
        {
            Name = setup.ClusterName,
            Logging = new Logging { ClusterLogging = [new LogSetup { Types = ["scheduler"], Enabled = true }] },
        }));
        Assert.Equal(ClusterStatus.UPDATING, (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = setup.ClusterName })).Cluster.Status);
        var updated = await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35", Logging = ["api", "audit", "scheduler"] });

        Assert.Equal("ResourceInUseException", refused.ErrorCode);
        Assert.Equal("1.35", updated.Attribute("version"));
        Assert.Contains("scheduler", setup.Cluster().EnabledLogTypes);
        Assert.Equal(1, setup.Cloud.Cloud.Calls.Calls("UpdateClusterVersion"));
    }

    [Fact]
    public async Task Cluster_UpdateRepeatedAfterACrash_SeesTheChangeMadeAndReturns()
    {
        using var setup = await Setup.ClusterAsync();
        var before = setup.Desired(ResourceKeys.Cluster);

        var first = await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35", DeletionProtection = true });
        setup.Cloud.Cloud.Calls.Reset();
        var second = await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35", DeletionProtection = true }, applied: before);

        Assert.Equal(first.Attribute("version"), second.Attribute("version"));
        Assert.DoesNotContain(setup.Cloud.Cloud.Calls.Snapshot().Keys, op => op.StartsWith("Update", StringComparison.Ordinal));
        Assert.True(setup.Cluster().DeletionProtection);
    }

    [Fact]
    public async Task Cluster_EnvironmentTagsChanged_TagResourceAndUntagResource()
    {
        using var setup = await Setup.ClusterAsync();

        await setup.UpdateAsync(ResourceKeys.Cluster, d => d, tags: new Dictionary<string, string> { ["owner"] = "team-a" });

        var tags = setup.Cluster().Tags;
        Assert.Equal("team-a", tags["owner"]);
        Assert.False(tags.ContainsKey("cost-center"));
        Assert.Equal(setup.Environment.Id.ToString("D"), tags[KundTags.EnvironmentTag]);
        Assert.Equal(0, setup.Cloud.Cloud.Calls.Calls("UpdateClusterConfig"));
    }

    [Fact]
    public async Task NodeGroup_ScalingAndLabels_UpdateNodegroupConfigAddsAndRemovesLabels()
    {
        using var setup = await Setup.WorkloadAsync();

        var updated = await setup.UpdateAsync(NodeGroup, d => ((EksNodeGroupDesired)d) with
        {
            MinSize = 2,
            DesiredSize = 3,
            MaxSize = 4,
            Labels = new Dictionary<string, string> { ["env"] = "dev" },
        });

        var nodegroup = setup.Cloud.Cloud.DescribeNodegroup(setup.Environment.Region, setup.ClusterName, "general");
        Assert.Equal((2, 3, 4), (nodegroup.MinSize, nodegroup.DesiredSize, nodegroup.MaxSize));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, nodegroup.Labels);
        Assert.Equal("3", updated.Attribute("desiredSize"));
        Assert.Equal(NodegroupStatus.ACTIVE, updated.Attribute("status"));
    }

    [Fact]
    public async Task UpgradeInAwsOrder_ClusterThenNodeGroupThenAddon_AllAtTheNewVersion()
    {
        using var setup = await Setup.WorkloadAsync();

        await setup.UpdateAsync(ResourceKeys.Cluster, d => ((EksClusterDesired)d) with { KubernetesVersion = "1.35" });
        var nodegroup = await setup.UpdateAsync(NodeGroup, d => ((EksNodeGroupDesired)d) with { KubernetesVersion = "1.35" });
        var proxy = await setup.UpdateAsync("eks/addon/kube-proxy", d => d);

        Assert.Equal("1.35", setup.Cloud.Cloud.DescribeNodegroup(setup.Environment.Region, setup.ClusterName, "general").Version);
        Assert.Equal(NodegroupStatus.ACTIVE, nodegroup.Attribute("status"));
        Assert.Equal("v1.35.0-eksbuild.2", proxy.Attribute("addonVersion"));
        Assert.Equal("v1.35.0-eksbuild.2", setup.Cloud.Cloud.DescribeAddon(setup.Environment.Region, setup.ClusterName, "kube-proxy").Version);
        Assert.Equal(1, setup.Cloud.Cloud.Calls.Calls("UpdateNodegroupVersion"));
        Assert.Equal(1, setup.Cloud.Cloud.Calls.Calls("UpdateAddon"));
    }

    [Fact]
    public async Task NodeGroup_AheadOfTheControlPlane_InvalidParameterException()
    {
        using var setup = await Setup.WorkloadAsync();

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => setup.UpdateAsync(NodeGroup, d => ((EksNodeGroupDesired)d) with { KubernetesVersion = "1.35" }));

        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Contains("never ahead", error.Message, StringComparison.Ordinal);
        Assert.Equal("1.34", setup.Cloud.Cloud.DescribeNodegroup(setup.Environment.Region, setup.ClusterName, "general").Version);
    }

    [Fact]
    public async Task NodeGroup_InstanceTypesChanged_IsABugNamingTheAttribute()
    {
        using var setup = await Setup.WorkloadAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => setup.UpdateAsync(NodeGroup, d => ((EksNodeGroupDesired)d) with { InstanceTypes = ["m6i.large"] }));

        Assert.Contains("instanceTypes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Addon_VersionNotForTheClusterVersion_InvalidParameterException()
    {
        using var setup = await Setup.WorkloadAsync();

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => setup.UpdateAsync("eks/addon/kube-proxy", d => ((EksAddonDesired)d) with { Version = "v1.35.0-eksbuild.2" }));

        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Contains("not compatible", error.Message, StringComparison.Ordinal);
        Assert.Equal("v1.34.1-eksbuild.2", setup.Cloud.Cloud.DescribeAddon(setup.Environment.Region, setup.ClusterName, "kube-proxy").Version);
    }

    [Fact]
    public async Task Addon_PinnedVersionAndTags_UpdateAddonAndTagResource()
    {
        using var setup = await Setup.WorkloadAsync();

        var updated = await setup.UpdateAsync(
            "eks/addon/vpc-cni", d => ((EksAddonDesired)d) with { Version = "v1.20.4-eksbuild.2" }, tags: new Dictionary<string, string> { ["owner"] = "team-a" });

        var addon = setup.Cloud.Cloud.DescribeAddon(setup.Environment.Region, setup.ClusterName, "vpc-cni");
        Assert.Equal("v1.20.4-eksbuild.2", addon.Version);
        Assert.Equal("team-a", addon.Tags["owner"]);
        Assert.False(addon.Tags.ContainsKey("cost-center"));
        Assert.Equal(AddonStatus.ACTIVE, updated.Attribute("status"));
    }

    [Fact]
    public async Task AccessEntry_PolicyAndNamespacesChanged_NewAssociatedThenOldDisassociated()
    {
        using var setup = await Setup.WorkloadAsync(withAccess: true);
        var node = setup.Node("eks/access/team");

        var updated = await setup.UpdateAsync(node.Key, d => ((EksAccessEntryDesired)d) with { AccessPolicyArn = ViewPolicy, Namespaces = ["payments"] });
        var policies = await setup.Eks.ListAllAssociatedAccessPoliciesAsync(setup.ClusterName, ((EksAccessEntryDesired)node.Desired).PrincipalArn);

        var policy = Assert.Single(policies);
        Assert.Equal(ViewPolicy, policy.PolicyArn);
        Assert.Equal(AccessScopeType.Namespace, policy.AccessScope!.Type);
        Assert.Equal(["payments"], policy.AccessScope.Namespaces);
        Assert.Equal(ViewPolicy, updated.Attribute("accessPolicy"));
        Assert.Equal(1, setup.Cloud.Cloud.Calls.Calls("DisassociateAccessPolicy"));
    }

    /// <summary>A cloud with the nodes of a test made, and UpdateAsync of one node to a changed desired shape.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly Dictionary<string, CloudResource> _made = new(StringComparer.Ordinal);

        private Setup(SandboxCloudUnderTest cloud, EnvironmentRef environment, List<ResourceNode> nodes)
        {
            Cloud = cloud;
            Environment = environment;
            Nodes = nodes;
        }

        public SandboxCloudUnderTest Cloud { get; }

        public EnvironmentRef Environment { get; }

        public List<ResourceNode> Nodes { get; }

        public string ClusterName => _made[ResourceKeys.Cluster].CloudId;

        public IEksClient Eks => Cloud.Clients.Eks(Environment.Region);

        /// <summary>The network, the cluster role and an EKS cluster (API mode unless told otherwise).</summary>
        public static Task<Setup> ClusterAsync(string version = "1.34", string authenticationMode = AuthenticationMode.API)
        {
            var environment = SeedEnvironment.Environment();
            var nodes = SeedEnvironment.Nodes(environment, withCluster: true).ToList();
            var index = nodes.FindIndex(n => n.Key == ResourceKeys.Cluster);
            nodes[index] = nodes[index] with
            {
                Desired = (EksClusterDesired)nodes[index].Desired with { KubernetesVersion = version, AuthenticationMode = authenticationMode, SupportType = SupportType.EXTENDED },
            };
            return CreateAsync(environment, nodes);
        }

        /// <summary>The cluster with its node role, node group, four add-ons and, when asked, an access entry.</summary>
        public static Task<Setup> WorkloadAsync(bool withAccess = false)
        {
            var environment = SeedEnvironment.Environment();
            var cloud = new SandboxCloudUnderTest(timeScale: 1200);
            var principal = withAccess ? cloud.Cloud.CreateRole($"team-{environment.Id:N}"[..20], null, SandboxEksWorkloadContractTests.NodeTrust, null, null).Arn : null;
            return CreateAsync(environment, SandboxEksWorkloadContractTests.Nodes(environment, principal), cloud);
        }

        public ResourceNode Node(string key) => Nodes.Single(n => n.Key == key);

        public ResourceDesired Desired(string key) => Node(key).Desired;

        public Kund.Infrastructure.Sandbox.Model.SandboxCluster Cluster() => Cloud.Cloud.DescribeCluster(Environment.Region, ClusterName);

        /// <summary>Changes the node in place, records the new outputs and the new desired shape, as a change run does.</summary>
        public async Task<CloudResource> UpdateAsync(
            string key, Func<ResourceDesired, ResourceDesired> change, IReadOnlyDictionary<string, string>? tags = null, ResourceDesired? applied = null)
        {
            var node = Node(key);
            var changed = node with { Desired = change(node.Desired) };
            var environment = tags is null ? Environment : Environment with { Tags = tags };
            var updated = await Cloud.Drivers.For(node.Kind).UpdateAsync(
                SeedEnvironment.Context(environment, changed, _made), _made[key], applied ?? node.Desired, CancellationToken.None);
            _made[key] = updated;
            Nodes[Nodes.IndexOf(node)] = changed;
            return updated;
        }

        public void Dispose() => Cloud.Dispose();

        private static async Task<Setup> CreateAsync(EnvironmentRef environment, List<ResourceNode> nodes, SandboxCloudUnderTest? cloud = null)
        {
            var setup = new Setup(cloud ?? new SandboxCloudUnderTest(timeScale: 1200), environment, nodes);
            var runner = new NodeRunner(setup.Cloud, environment);
            foreach (var node in nodes)
            {
                setup._made[node.Key] = await runner.CreateAsync(node);
            }

            setup.Cloud.Cloud.Calls.Reset();
            return setup;
        }
    }
}
