using System.Text.RegularExpressions;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Tests.Domain.Planning;

public class ClusterGraphTests
{
    private static readonly ResourceGraph Effective = ResourceGraphBuilder.Build(TestSpecs.Effective());

    private readonly Planner _planner = new(LatencyModel.Default);

    [Fact]
    public void Build_EffectiveSeed_AddsNodeRoleNodeGroupAddonsAndAccessWithTheirEdges()
    {
        var edges = Effective.Nodes.ToDictionary(n => n.Key, n => n.DependsOn.Order(StringComparer.Ordinal).ToArray());
        string[] attachments =
        [
            "node-role/policy/AmazonEC2ContainerRegistryPullOnly",
            "node-role/policy/AmazonEKSWorkerNodePolicy",
            "node-role/policy/AmazonEKS_CNI_Policy",
        ];
        var expected = new Dictionary<string, string[]>
        {
            ["node-role"] = [],
            [attachments[0]] = ["node-role"],
            [attachments[1]] = ["node-role"],
            [attachments[2]] = ["node-role"],
            ["eks"] = ["role", "role/policy", "subnet/private-a", "subnet/private-b"],
            ["nodegroup/general"] = ["eks", "node-role", .. attachments, "subnet/private-a", "subnet/private-b"],
            ["addon/vpc-cni"] = ["eks"],
            ["addon/coredns"] = ["eks", "nodegroup/general"],
            ["addon/kube-proxy"] = ["eks"],
            ["addon/eks-pod-identity-agent"] = ["eks"],
            ["access/team-a-developers"] = ["eks"],
        };

        Assert.Equal(23, Effective.Count);
        foreach (var (key, dependsOn) in expected)
        {
            Assert.True(dependsOn.SequenceEqual(edges[key]), $"{key} depends on [{string.Join(", ", edges[key])}], expected [{string.Join(", ", dependsOn)}]");
        }
    }

    [Fact]
    public void Build_EffectiveSeed_NodeGroupHasNoEdgeToRouteTablesOrNat()
    {
        var group = Effective["nodegroup/general"];

        Assert.DoesNotContain(group.DependsOn, d => d.StartsWith("rtb", StringComparison.Ordinal) || d.StartsWith("nat/", StringComparison.Ordinal));
        var desired = Assert.IsType<EksNodeGroupDesired>(group.Desired);
        Assert.Equal(("general", "eks", "payments-dev", "node-role"), (desired.Name, desired.ClusterKey, desired.ClusterName, desired.NodeRoleKey));
        Assert.Equal(["m6i.large"], desired.InstanceTypes);
        Assert.Equal(("ON_DEMAND", "AL2023_x86_64_STANDARD", 20), (desired.CapacityType, desired.AmiType, desired.DiskSize));
        Assert.Equal((1, 2, 3), (desired.MinSize, desired.DesiredSize, desired.MaxSize));
        Assert.Equal("1.34", desired.KubernetesVersion);
    }

    [Fact]
    public void Build_EffectiveSeed_NodeRoleTrustsEc2WithTheThreeWorkerPolicies()
    {
        var role = Assert.IsType<IamRoleDesired>(Effective[ResourceKeys.NodeRole].Desired);
        var policies = Effective.Nodes.Where(n => n.Key.StartsWith("node-role/policy/", StringComparison.Ordinal))
            .Select(n => Assert.IsType<IamRolePolicyAttachmentDesired>(n.Desired).PolicyArn).Order(StringComparer.Ordinal);

        Assert.Equal("payments-dev-eks-node", role.RoleName);
        Assert.Contains("ec2.amazonaws.com", role.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal(
            ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
            policies);
    }

    [Fact]
    public void Build_EffectiveSeed_ClusterUsesApiAccessManagedAddonsAndStandardSupport()
    {
        var cluster = Assert.IsType<EksClusterDesired>(Effective[ResourceKeys.Cluster].Desired);
        var access = Assert.IsType<EksAccessEntryDesired>(Effective["access/team-a-developers"].Desired);

        Assert.Equal(("API", false, false, "STANDARD", false), (cluster.AuthenticationMode, cluster.BootstrapClusterCreatorAdminPermissions, cluster.BootstrapSelfManagedAddons, cluster.SupportType, cluster.AutoMode));
        Assert.Equal("arn:aws:iam::111111111111:role/team-a-developers", access.PrincipalArn);
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access.AccessPolicyArn);
        Assert.Empty(access.Namespaces);
    }

    [Fact]
    public void Build_EffectiveSeed_SubnetsCarryLoadBalancerTags()
    {
        var publicTags = Assert.IsType<SubnetDesired>(Effective["subnet/public-a"].Desired).Tags!;
        var privateTags = Assert.IsType<SubnetDesired>(Effective["subnet/private-b"].Desired).Tags!;

        Assert.Equal("1", publicTags["kubernetes.io/role/elb"]);
        Assert.Equal("1", privateTags["kubernetes.io/role/internal-elb"]);
        Assert.Equal("shared", privateTags["kubernetes.io/cluster/payments-dev"]);
        Assert.False(publicTags.ContainsKey("kubernetes.io/role/internal-elb"));
        Assert.Null(Assert.IsType<SubnetDesired>(ResourceGraphBuilder.Build(TestSpecs.NetworkOnly())["subnet/public-a"].Desired).Tags);
    }

    [Fact]
    public void Build_AutoMode_ExtraClusterPoliciesTagSessionTrustAndItsOwnNodeRoleNoNodeGroups()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.EffectiveWith(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.AutoMode } }));

        var clusterNode = graph[ResourceKeys.Cluster];
        var cluster = Assert.IsType<EksClusterDesired>(clusterNode.Desired);
        Assert.True(cluster.AutoMode);
        Assert.Equal("node-role", cluster.AutoModeNodeRoleKey);
        Assert.Contains("sts:TagSession", Assert.IsType<IamRoleDesired>(graph[ResourceKeys.ClusterRole].Desired).AssumeRolePolicyDocument, StringComparison.Ordinal);
        string[] extra = ["role/policy/AmazonEKSBlockStoragePolicy", "role/policy/AmazonEKSComputePolicy", "role/policy/AmazonEKSLoadBalancingPolicy", "role/policy/AmazonEKSNetworkingPolicy"];
        Assert.All(extra, key => Assert.Contains(key, clusterNode.DependsOn));
        Assert.Equal(
            ["node-role/policy/AmazonEC2ContainerRegistryPullOnly", "node-role/policy/AmazonEKSWorkerNodeMinimalPolicy"],
            graph.Keys.Where(k => k.StartsWith("node-role/policy/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("node-role/policy/AmazonEKSWorkerNodeMinimalPolicy", clusterNode.DependsOn);
        Assert.DoesNotContain(graph.Nodes, n => n.Kind == ResourceKind.EksNodeGroup);
        Assert.Equal(["eks"], graph["addon/coredns"].DependsOn);
    }

    [Fact]
    public void Build_ComputeNone_NoNodeRoleNoNodeGroupsAddonsAndAccessStay()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.EffectiveWith(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.None } }));

        Assert.False(graph.Contains(ResourceKeys.NodeRole));
        Assert.DoesNotContain(graph.Nodes, n => n.Kind == ResourceKind.EksNodeGroup);
        Assert.Equal(4, graph.Nodes.Count(n => n.Kind == ResourceKind.EksAddon));
        Assert.True(graph.Contains("access/team-a-developers"));
    }

    [Fact]
    public void Build_ExistingNodeRole_NodeGroupsUseItsArnAndNoRoleNodes()
    {
        const string arn = "arn:aws:iam::111111111111:role/shared-nodes";
        var graph = ResourceGraphBuilder.Build(TestSpecs.EffectiveWith(c => c with { NodeRole = new ClusterRoleSpec { Create = false, ExistingArn = arn } }));

        Assert.False(graph.Contains(ResourceKeys.NodeRole));
        var group = Assert.IsType<EksNodeGroupDesired>(graph["nodegroup/general"].Desired);
        Assert.Equal(arn, group.NodeRoleArn);
        Assert.Equal(["eks", "subnet/private-a", "subnet/private-b"], graph["nodegroup/general"].DependsOn);
    }

    [Fact]
    public void AccessKeys_SameLastSegment_BothTakeTheLongerUniqueForm()
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.EffectiveWith(c => c with
        {
            Access =
            [
                new AccessEntrySpec { PrincipalArn = "arn:aws:iam::111111111111:role/a/ops" },
                new AccessEntrySpec { PrincipalArn = "arn:aws:iam::222222222222:role/ops" },
                new AccessEntrySpec { PrincipalArn = "arn:aws:iam::111111111111:user/alice", Policy = EksAccessPolicy.AmazonEKSViewPolicy, Namespaces = ["payments"] },
            ],
        }));

        Assert.Equal(
            ["access/111111111111/role/a/ops", "access/222222222222/role/ops", "access/alice"],
            graph.Keys.Where(k => k.StartsWith("access/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var alice = Assert.IsType<EksAccessEntryDesired>(graph["access/alice"].Desired);
        Assert.Equal(["payments"], alice.Namespaces);
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", alice.AccessPolicyArn);
    }

    [Fact]
    public void PlanCreate_EffectiveSeed_CriticalPathRunsThroughClusterNodeGroupAndCoreDns()
    {
        var plan = _planner.PlanCreate(Effective, []);

        Assert.Equal(new PlanSummary(23, 0, 0), plan.Summary);
        Assert.Equal(["vpc", "subnet/private-a", "eks", "nodegroup/general", "addon/coredns"], plan.CriticalPath);
        Assert.Equal(TimeSpan.FromSeconds(2 + 2 + 600 + 180 + 60), plan.EstimatedMakespan);
        Assert.EndsWith("\nPlan: 23 to add, 0 to change, 0 to destroy.", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanCreate_EffectiveSeed_TextAndDotShowTheNewNodes()
    {
        var plan = _planner.PlanCreate(Effective, []);

        Assert.Contains("  + resource \"EksNodeGroup\" \"nodegroup/general\" {", plan.Text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\+ scaling\s+= min 1, desired 2, max 3"), plan.Text);
        Assert.Matches(new Regex(@"\+ tags\s+= \[""kubernetes.io/role/elb"" = ""1"""), plan.Text);
        Assert.Matches(new Regex(@"\+ authentication_mode\s+= ""API"""), plan.Text);
        Assert.Matches(new Regex(@"\+ principal_arn\s+= ""arn:aws:iam::111111111111:role/team-a-developers"""), plan.Text);
        Assert.Contains("\"nodegroup/general\" -> \"addon/coredns\"", plan.Dot, StringComparison.Ordinal);
        Assert.Contains("\"eks\" -> \"nodegroup/general\"", plan.Dot, StringComparison.Ordinal);
    }

    /// <summary>AWS's own policies have an ARN per partition; the environment's region decides which one the plan attaches.</summary>
    [Theory]
    [InlineData("cn-north-1", "arn:aws-cn")]
    [InlineData("cn-northwest-1", "arn:aws-cn")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov")]
    [InlineData("ap-northeast-2", "arn:aws")]
    public void PlanCreate_RegionsPartition_AttachesThatPartitionsManagedPoliciesUnderTheSameKeys(string region, string arnPrefix)
    {
        var graph = ResourceGraphBuilder.Build(TestSpecs.Effective() with { Region = region });
        var autoMode = ResourceGraphBuilder.Build(TestSpecs.EffectiveWith(c => c with { Compute = new ComputeSpec { Mode = ComputeMode.AutoMode } }) with { Region = region });

        var plan = _planner.PlanCreate(graph, []);

        Assert.Matches(new Regex($@"\+ policy_arn\s+= ""{Regex.Escape(arnPrefix)}:iam::aws:policy/AmazonEKSClusterPolicy"""), plan.Text);
        var attachments = graph.Nodes.Concat(autoMode.Nodes).Select(n => n.Desired).OfType<IamRolePolicyAttachmentDesired>().ToList();
        Assert.Equal(11, attachments.Count);
        Assert.All(attachments, a => Assert.StartsWith($"{arnPrefix}:iam::aws:policy/", a.PolicyArn, StringComparison.Ordinal));
        Assert.Equal($"{arnPrefix}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", Assert.IsType<EksAccessEntryDesired>(graph["access/team-a-developers"].Desired).AccessPolicyArn);
        Assert.Equal(Effective.Keys, graph.Keys);
    }

    [Fact]
    public void PlanDestroy_EffectiveSeed_NodeGroupAndAddonsBeforeClusterNodeRoleAfterNodeGroup()
    {
        var recorded = Effective.Nodes.Select(n => new RecordedResource(n.Key, ResourceState.Created, new CloudResource($"id-{n.Key}"))).ToList();

        var plan = _planner.PlanDestroy(Effective, recorded);

        var order = plan.Actions.Select(a => a.Key).ToList();
        Assert.Equal(new PlanSummary(0, 0, 23), plan.Summary);
        Assert.True(order.IndexOf("addon/coredns") < order.IndexOf("nodegroup/general"));
        Assert.True(order.IndexOf("nodegroup/general") < order.IndexOf("eks"));
        Assert.True(order.IndexOf("addon/vpc-cni") < order.IndexOf("eks"));
        Assert.True(order.IndexOf("access/team-a-developers") < order.IndexOf("eks"));
        Assert.True(order.IndexOf("nodegroup/general") < order.IndexOf("node-role/policy/AmazonEKSWorkerNodePolicy"));
        Assert.True(order.IndexOf("node-role/policy/AmazonEKSWorkerNodePolicy") < order.IndexOf("node-role"));
        Assert.Equal(["addon/coredns", "nodegroup/general", "eks", "subnet/private-a", "vpc"], plan.CriticalPath);
    }
}
