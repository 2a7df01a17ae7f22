using System.Net;
using System.Text.Json;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Tests.Infrastructure.Aws;

/// <summary>Node group, add-on, access entry and paging calls of the EKS client against recorded requests.</summary>
public sealed class EksWorkloadClientTests
{
    private const string Principal = "arn:aws:iam::123456789012:role/team/payments-admins";

    [Fact]
    public async Task CreateClusterAsync_AccessAutoModeProtection_SendsSdkFieldNames()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json("""
            {"cluster":{"name":"c","accessConfig":{"authenticationMode":"API","bootstrapClusterCreatorAdminPermissions":false},
            "computeConfig":{"enabled":true,"nodePools":["general-purpose"]},"deletionProtection":true,"upgradePolicy":{"supportType":"STANDARD"},
            "kubernetesNetworkConfig":{"elasticLoadBalancing":{"enabled":true}},"storageConfig":{"blockStorage":{"enabled":true}}}}
            """));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Eks().CreateClusterAsync(new CreateClusterRequest
        {
            Name = "c",
            RoleArn = "arn:aws:iam::123456789012:role/r",
            AccessConfig = new CreateAccessConfigRequest { AuthenticationMode = AuthenticationMode.API, BootstrapClusterCreatorAdminPermissions = false },
            BootstrapSelfManagedAddons = false,
            ComputeConfig = new ComputeConfig { Enabled = true, NodePools = ["general-purpose", "system"], NodeRoleArn = "arn:aws:iam::123456789012:role/node" },
            KubernetesNetworkConfig = new KubernetesNetworkConfig { ElasticLoadBalancing = new ElasticLoadBalancing { Enabled = true } },
            StorageConfig = new StorageConfig { BlockStorage = new BlockStorage { Enabled = true } },
            DeletionProtection = true,
            UpgradePolicy = new UpgradePolicy { SupportType = SupportType.STANDARD },
        });

        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        var root = body.RootElement;
        Assert.Equal("API", root.GetProperty("accessConfig").GetProperty("authenticationMode").GetString());
        Assert.False(root.GetProperty("accessConfig").GetProperty("bootstrapClusterCreatorAdminPermissions").GetBoolean());
        Assert.False(root.GetProperty("bootstrapSelfManagedAddons").GetBoolean());
        Assert.True(root.GetProperty("computeConfig").GetProperty("enabled").GetBoolean());
        Assert.Equal("system", root.GetProperty("computeConfig").GetProperty("nodePools")[1].GetString());
        Assert.Equal("arn:aws:iam::123456789012:role/node", root.GetProperty("computeConfig").GetProperty("nodeRoleArn").GetString());
        Assert.True(root.GetProperty("kubernetesNetworkConfig").GetProperty("elasticLoadBalancing").GetProperty("enabled").GetBoolean());
        Assert.True(root.GetProperty("storageConfig").GetProperty("blockStorage").GetProperty("enabled").GetBoolean());
        Assert.True(root.GetProperty("deletionProtection").GetBoolean());
        Assert.Equal("STANDARD", root.GetProperty("upgradePolicy").GetProperty("supportType").GetString());
        Assert.Equal("API", response.Cluster.AccessConfig!.AuthenticationMode);
        Assert.False(response.Cluster.AccessConfig.BootstrapClusterCreatorAdminPermissions);
        Assert.True(response.Cluster.ComputeConfig!.Enabled);
        Assert.True(response.Cluster.StorageConfig!.BlockStorage!.Enabled);
        Assert.True(response.Cluster.KubernetesNetworkConfig!.ElasticLoadBalancing!.Enabled);
        Assert.True(response.Cluster.DeletionProtection);
        Assert.Equal("STANDARD", response.Cluster.UpgradePolicy!.SupportType);
    }

    [Fact]
    public async Task CreateNodegroupAsync_Request_PostsToNodeGroupsRouteWithoutClusterNameInBody()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json("""
            {"nodegroup":{"nodegroupName":"general","clusterName":"c","status":"CREATING","scalingConfig":{"minSize":1,"maxSize":3,"desiredSize":2},
            "health":{"issues":[]},"createdAt":1795000000}}
            """));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Eks().CreateNodegroupAsync(new CreateNodegroupRequest
        {
            ClusterName = "c",
            NodegroupName = "general",
            ScalingConfig = new NodegroupScalingConfig { MinSize = 1, DesiredSize = 2, MaxSize = 3 },
            Subnets = ["subnet-1", "subnet-2"],
            InstanceTypes = ["m6i.large"],
            AmiType = "AL2023_x86_64_STANDARD",
            CapacityType = "SPOT",
            DiskSize = 50,
            NodeRole = "arn:aws:iam::123456789012:role/node",
            Labels = new Dictionary<string, string> { ["team"] = "payments" },
            ClientRequestToken = "tok",
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/clusters/c/node-groups", request.Uri.AbsolutePath);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.False(root.TryGetProperty("clusterName", out _));
        Assert.Equal("general", root.GetProperty("nodegroupName").GetString());
        Assert.Equal(2, root.GetProperty("scalingConfig").GetProperty("desiredSize").GetInt32());
        Assert.Equal("subnet-2", root.GetProperty("subnets")[1].GetString());
        Assert.Equal("m6i.large", root.GetProperty("instanceTypes")[0].GetString());
        Assert.Equal("SPOT", root.GetProperty("capacityType").GetString());
        Assert.Equal(50, root.GetProperty("diskSize").GetInt32());
        Assert.Equal("arn:aws:iam::123456789012:role/node", root.GetProperty("nodeRole").GetString());
        Assert.Equal("payments", root.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal(NodegroupStatus.CREATING, response.Nodegroup.Status);
        Assert.Equal(3, response.Nodegroup.ScalingConfig!.MaxSize);
    }

    [Fact]
    public async Task NodegroupReads_Routes_DescribeDeleteListAndUpdateConfig()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath.EndsWith("/update-config", StringComparison.Ordinal)
            ? RecordingHandler.Json("""{"update":{"id":"u-1","status":"InProgress","type":"ConfigUpdate","params":[{"type":"DesiredSize","value":"3"}]}}""")
            : r.Method == HttpMethod.Get && r.Uri.AbsolutePath.EndsWith("/node-groups", StringComparison.Ordinal)
                ? RecordingHandler.Json("""{"nodegroups":["a","b"],"nextToken":"t2"}""")
                : RecordingHandler.Json("""{"nodegroup":{"nodegroupName":"general","status":"CREATE_FAILED","health":{"issues":[{"code":"Ec2SubnetInvalidConfiguration","message":"m","resourceIds":["subnet-1"]}]}}}"""));
        using var clients = AwsTestClients.Over(handler);
        var eks = clients.Eks();

        var described = await eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = "c", NodegroupName = "general" });
        await eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = "c", NodegroupName = "general" });
        var listed = await eks.ListNodegroupsAsync(new ListNodegroupsRequest { ClusterName = "c", MaxResults = 2, NextToken = "t1" });
        var update = await eks.UpdateNodegroupConfigAsync(new UpdateNodegroupConfigRequest
        {
            ClusterName = "c",
            NodegroupName = "general",
            ScalingConfig = new NodegroupScalingConfig { DesiredSize = 3 },
            Labels = new UpdateLabelsPayload { RemoveLabels = ["old"] },
        });

        Assert.Equal(
            ["GET /clusters/c/node-groups/general", "DELETE /clusters/c/node-groups/general", "GET /clusters/c/node-groups?maxResults=2&nextToken=t1", "POST /clusters/c/node-groups/general/update-config"],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}"));
        Assert.Equal("Ec2SubnetInvalidConfiguration", Assert.Single(described.Nodegroup.Health!.Issues).Code);
        Assert.Equal(["subnet-1"], described.Nodegroup.Health.Issues[0].ResourceIds);
        Assert.Equal(["a", "b"], listed.Nodegroups);
        Assert.Equal("t2", listed.NextToken);
        Assert.Equal("u-1", update.Update.Id);
        using var body = JsonDocument.Parse(handler.Requests[3].Body);
        Assert.Equal(3, body.RootElement.GetProperty("scalingConfig").GetProperty("desiredSize").GetInt32());
        Assert.Equal("old", body.RootElement.GetProperty("labels").GetProperty("removeLabels")[0].GetString());
        Assert.False(body.RootElement.TryGetProperty("nodegroupName", out _));
    }

    [Fact]
    public async Task AddonCalls_Routes_CreateDescribeDeleteAndVersionsQuery()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath == "/addons/supported-versions"
            ? RecordingHandler.Json("""
                {"addons":[{"addonName":"coredns","type":"networking","addonVersions":[{"addonVersion":"v1.12.4-eksbuild.1",
                "compatibilities":[{"clusterVersion":"1.34","platformVersions":["*"],"defaultVersion":true}]}]}]}
                """)
            : RecordingHandler.Json("""{"addon":{"addonName":"coredns","clusterName":"c","status":"DEGRADED","addonVersion":"v1.12.4-eksbuild.1","health":{"issues":[{"code":"InsufficientNumberOfReplicas"}]}}}"""));
        using var clients = AwsTestClients.Over(handler);
        var eks = clients.Eks();

        var created = await eks.CreateAddonAsync(new CreateAddonRequest { ClusterName = "c", AddonName = "coredns", AddonVersion = "v1.12.4-eksbuild.1", ResolveConflicts = "OVERWRITE" });
        await eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = "c", AddonName = "coredns" });
        await eks.DeleteAddonAsync(new DeleteAddonRequest { ClusterName = "c", AddonName = "coredns", Preserve = false });
        var versions = await eks.DescribeAddonVersionsAsync(new DescribeAddonVersionsRequest { KubernetesVersion = "1.34", AddonName = "coredns", Types = ["networking"] });

        Assert.Equal(
            ["POST /clusters/c/addons", "GET /clusters/c/addons/coredns", "DELETE /clusters/c/addons/coredns?preserve=false",
                "GET /addons/supported-versions?kubernetesVersion=1.34&addonName=coredns&types=networking"],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}"));
        using var body = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal("coredns", body.RootElement.GetProperty("addonName").GetString());
        Assert.Equal("OVERWRITE", body.RootElement.GetProperty("resolveConflicts").GetString());
        Assert.Equal(AddonStatus.DEGRADED, created.Addon.Status);
        Assert.Equal("InsufficientNumberOfReplicas", created.Addon.Health!.Issues[0].Code);
        var compatibility = Assert.Single(Assert.Single(Assert.Single(versions.Addons).AddonVersions).Compatibilities);
        Assert.Equal("1.34", compatibility.ClusterVersion);
        Assert.True(compatibility.DefaultVersion);
    }

    [Fact]
    public async Task AccessEntryCalls_PrincipalArn_IsOnePercentEncodedPathSegment()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath.EndsWith("/access-policies", StringComparison.Ordinal)
            ? RecordingHandler.Json("""{"clusterName":"c","principalArn":"PRINCIPAL","associatedAccessPolicy":{"policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy","accessScope":{"type":"namespace","namespaces":["payments"]}},"associatedAccessPolicies":[{"policyArn":"p"}]}""".Replace("PRINCIPAL", Principal, StringComparison.Ordinal))
            : RecordingHandler.Json("""{"accessEntry":{"clusterName":"c","principalArn":"PRINCIPAL","type":"STANDARD","username":"u"}}""".Replace("PRINCIPAL", Principal, StringComparison.Ordinal)));
        using var clients = AwsTestClients.Over(handler);
        var eks = clients.Eks();

        var created = await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = "c", PrincipalArn = Principal, Type = "STANDARD" });
        await eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = "c", PrincipalArn = Principal });
        var associated = await eks.AssociateAccessPolicyAsync(new AssociateAccessPolicyRequest
        {
            ClusterName = "c",
            PrincipalArn = Principal,
            PolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
            AccessScope = new AccessScope { Type = AccessScopeType.Namespace, Namespaces = ["payments"] },
        });
        var listed = await eks.ListAssociatedAccessPoliciesAsync(new ListAssociatedAccessPoliciesRequest { ClusterName = "c", PrincipalArn = Principal });
        await eks.DeleteAccessEntryAsync(new DeleteAccessEntryRequest { ClusterName = "c", PrincipalArn = Principal });

        const string Encoded = "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fteam%2Fpayments-admins";
        Assert.Equal(
            ["POST /clusters/c/access-entries", $"GET /clusters/c/access-entries/{Encoded}", $"POST /clusters/c/access-entries/{Encoded}/access-policies",
                $"GET /clusters/c/access-entries/{Encoded}/access-policies", $"DELETE /clusters/c/access-entries/{Encoded}"],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}"));
        using var body = JsonDocument.Parse(handler.Requests[2].Body);
        Assert.Equal("namespace", body.RootElement.GetProperty("accessScope").GetProperty("type").GetString());
        Assert.False(body.RootElement.TryGetProperty("principalArn", out _));
        Assert.Equal(Principal, created.AccessEntry.PrincipalArn);
        Assert.Equal(["payments"], associated.AssociatedAccessPolicy!.AccessScope!.Namespaces);
        Assert.Equal("p", Assert.Single(listed.AssociatedAccessPolicies).PolicyArn);
    }

    [Fact]
    public async Task DescribeAllClusterVersionsAsync_ThreePages_FollowsNextTokenToTheEnd()
    {
        var handler = new RecordingHandler(r => r.Uri.Query switch
        {
            "" => RecordingHandler.Json("""{"clusterVersions":[{"clusterVersion":"1.35"}],"nextToken":"a/b"}"""),
            "?nextToken=a%2Fb" => RecordingHandler.Json("""{"clusterVersions":[{"clusterVersion":"1.34"}],"nextToken":"c"}"""),
            "?nextToken=c" => RecordingHandler.Json("""{"clusterVersions":[{"clusterVersion":"1.33"}]}"""),
            _ => RecordingHandler.Json("""{"message":"bad token"}""", HttpStatusCode.BadRequest, "InvalidParameterException"),
        });
        using var clients = AwsTestClients.Over(handler);

        var versions = await clients.Eks().DescribeAllClusterVersionsAsync(new DescribeClusterVersionsRequest());

        Assert.Equal(["1.35", "1.34", "1.33"], versions.Select(v => v.ClusterVersion));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task DescribeAllAddonVersionsAsync_RepeatedToken_StopsInsteadOfLooping()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json("""{"addons":[{"addonName":"vpc-cni"}],"nextToken":"same"}"""));
        using var clients = AwsTestClients.Over(handler);

        var addons = await clients.Eks().DescribeAllAddonVersionsAsync(new DescribeAddonVersionsRequest());

        Assert.Equal(2, addons.Count);
        Assert.Equal(2, handler.Requests.Count);
    }
}
