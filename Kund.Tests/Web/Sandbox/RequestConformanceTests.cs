using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Tagging;
using Kund.Infrastructure.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Eks = Kund.Infrastructure.Aws.Eks.Model;
using Iam = Kund.Infrastructure.Aws.Iam.Model;

// The official client's inputs are anonymous objects (JSON as the JavaScript client takes it), whose arrays
// cannot be collection expressions; each case is built once per run.
#pragma warning disable CA1861

namespace Kund.Tests.Web.Sandbox;

/// <summary>
/// For each IAM, EKS and Tagging operation, the request Kund's own client builds equals the one AWS's official JavaScript
/// client builds for the same input: method, path, query, content type, target, and the body's members and names.
/// Both are recorded by the sandbox (answers do not matter: a refused call was sent all the same).
/// </summary>
public class RequestConformanceTests(ConformanceSuiteTests.ConformanceApp app) : IClassFixture<ConformanceSuiteTests.ConformanceApp>
{
    private const string Region = "ap-northeast-2";
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string RoleArn = "arn:aws:iam::111111111111:role/rc-cluster";
    private const string NodeRoleArn = "arn:aws:iam::111111111111:role/rc-node";
    private const string ClusterArn = "arn:aws:eks:ap-northeast-2:111111111111:cluster/rc";
    private const string PolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

    private sealed record Case(string Service, string Command, object Input, Func<AwsClients, Task> Kund);

    private static readonly Dictionary<string, string> SomeTags = new() { ["team"] = "payments", ["kund:environment"] = "rc" };

    private static IReadOnlyList<Case> Cases() =>
    [
        new("iam", "CreateRole", new { RoleName = "rc-role", AssumeRolePolicyDocument = Trust, Path = "/kund/", Description = "request conformance", Tags = new[] { new { Key = "team", Value = "payments" } } },
            c => c.Iam.CreateRoleAsync(new Iam.CreateRoleRequest { RoleName = "rc-role", AssumeRolePolicyDocument = Trust, Path = "/kund/", Description = "request conformance", Tags = [new() { Key = "team", Value = "payments" }] })),
        new("iam", "GetRole", new { RoleName = "rc-role" }, c => c.Iam.GetRoleAsync(new Iam.GetRoleRequest { RoleName = "rc-role" })),
        new("iam", "TagRole", new { RoleName = "rc-role", Tags = new[] { new { Key = "a", Value = "1" }, new { Key = "b", Value = "2" } } },
            c => c.Iam.TagRoleAsync(new Iam.TagRoleRequest { RoleName = "rc-role", Tags = [new() { Key = "a", Value = "1" }, new() { Key = "b", Value = "2" }] })),
        new("iam", "UntagRole", new { RoleName = "rc-role", TagKeys = new[] { "a", "b" } }, c => c.Iam.UntagRoleAsync(new Iam.UntagRoleRequest { RoleName = "rc-role", TagKeys = ["a", "b"] })),
        new("iam", "ListRoleTags", new { RoleName = "rc-role", MaxItems = 5, Marker = "m1" }, c => c.Iam.ListRoleTagsAsync(new Iam.ListRoleTagsRequest { RoleName = "rc-role", MaxItems = 5, Marker = "m1" })),
        new("iam", "UpdateAssumeRolePolicy", new { RoleName = "rc-role", PolicyDocument = Trust }, c => c.Iam.UpdateAssumeRolePolicyAsync(new Iam.UpdateAssumeRolePolicyRequest { RoleName = "rc-role", PolicyDocument = Trust })),
        new("iam", "AttachRolePolicy", new { RoleName = "rc-role", PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" },
            c => c.Iam.AttachRolePolicyAsync(new Iam.AttachRolePolicyRequest { RoleName = "rc-role", PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" })),
        new("iam", "ListAttachedRolePolicies", new { RoleName = "rc-role", MaxItems = 2, Marker = "m2" },
            c => c.Iam.ListAttachedRolePoliciesAsync(new Iam.ListAttachedRolePoliciesRequest { RoleName = "rc-role", MaxItems = 2, Marker = "m2" })),
        new("iam", "DetachRolePolicy", new { RoleName = "rc-role", PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" },
            c => c.Iam.DetachRolePolicyAsync(new Iam.DetachRolePolicyRequest { RoleName = "rc-role", PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" })),
        new("iam", "DeleteRole", new { RoleName = "rc-role" }, c => c.Iam.DeleteRoleAsync(new Iam.DeleteRoleRequest { RoleName = "rc-role" })),

        new("eks", "CreateCluster", new
            {
                name = "rc", version = "1.34", roleArn = RoleArn, clientRequestToken = "token-create-cluster", tags = SomeTags,
                resourcesVpcConfig = new { subnetIds = new[] { "subnet-1", "subnet-2" }, securityGroupIds = new[] { "sg-1" }, endpointPublicAccess = true, endpointPrivateAccess = false, publicAccessCidrs = new[] { "203.0.113.0/24" } },
                logging = new { clusterLogging = new[] { new { types = new[] { "api", "audit" }, enabled = true } } },
                accessConfig = new { authenticationMode = "API", bootstrapClusterCreatorAdminPermissions = true },
                bootstrapSelfManagedAddons = false,
                computeConfig = new { enabled = true, nodePools = new[] { "general-purpose", "system" }, nodeRoleArn = NodeRoleArn },
                kubernetesNetworkConfig = new { elasticLoadBalancing = new { enabled = true } },
                storageConfig = new { blockStorage = new { enabled = true } },
                deletionProtection = false,
                upgradePolicy = new { supportType = "STANDARD" },
            },
            c => c.Eks(Region).CreateClusterAsync(new Eks.CreateClusterRequest
            {
                Name = "rc", Version = "1.34", RoleArn = RoleArn, ClientRequestToken = "token-create-cluster", Tags = new(SomeTags),
                ResourcesVpcConfig = new Eks.VpcConfigRequest { SubnetIds = ["subnet-1", "subnet-2"], SecurityGroupIds = ["sg-1"], EndpointPublicAccess = true, EndpointPrivateAccess = false, PublicAccessCidrs = ["203.0.113.0/24"] },
                Logging = new Eks.Logging { ClusterLogging = [new Eks.LogSetup { Types = ["api", "audit"], Enabled = true }] },
                AccessConfig = new Eks.CreateAccessConfigRequest { AuthenticationMode = "API", BootstrapClusterCreatorAdminPermissions = true },
                BootstrapSelfManagedAddons = false,
                ComputeConfig = new Eks.ComputeConfig { Enabled = true, NodePools = ["general-purpose", "system"], NodeRoleArn = NodeRoleArn },
                KubernetesNetworkConfig = new Eks.KubernetesNetworkConfig { ElasticLoadBalancing = new Eks.ElasticLoadBalancing { Enabled = true } },
                StorageConfig = new Eks.StorageConfig { BlockStorage = new Eks.BlockStorage { Enabled = true } },
                DeletionProtection = false,
                UpgradePolicy = new Eks.UpgradePolicy { SupportType = "STANDARD" },
            })),
        new("eks", "DescribeCluster", new { name = "rc" }, c => c.Eks(Region).DescribeClusterAsync(new Eks.DescribeClusterRequest { Name = "rc" })),
        new("eks", "ListClusters", new { maxResults = 10, nextToken = "n1" }, c => c.Eks(Region).ListClustersAsync(new Eks.ListClustersRequest { MaxResults = 10, NextToken = "n1" })),
        new("eks", "DescribeClusterVersions", new { clusterVersions = new[] { "1.34", "1.35" }, defaultOnly = false, includeAll = true, versionStatus = "STANDARD_SUPPORT", maxResults = 5 },
            c => c.Eks(Region).DescribeClusterVersionsAsync(new Eks.DescribeClusterVersionsRequest { ClusterVersions = ["1.34", "1.35"], DefaultOnly = false, IncludeAll = true, VersionStatus = "STANDARD_SUPPORT", MaxResults = 5 })),
        new("eks", "CreateNodegroup", new
            {
                clusterName = "rc", nodegroupName = "general", nodeRole = NodeRoleArn, subnets = new[] { "subnet-1", "subnet-2" }, diskSize = 20,
                scalingConfig = new { minSize = 1, maxSize = 3, desiredSize = 2 }, instanceTypes = new[] { "t3.medium" }, amiType = "AL2023_x86_64_STANDARD",
                labels = new Dictionary<string, string> { ["tier"] = "app" }, tags = SomeTags, clientRequestToken = "token-nodegroup",
                updateConfig = new { maxUnavailable = 1 }, capacityType = "ON_DEMAND", version = "1.34",
            },
            c => c.Eks(Region).CreateNodegroupAsync(new Eks.CreateNodegroupRequest
            {
                ClusterName = "rc", NodegroupName = "general", NodeRole = NodeRoleArn, Subnets = ["subnet-1", "subnet-2"], DiskSize = 20,
                ScalingConfig = new Eks.NodegroupScalingConfig { MinSize = 1, MaxSize = 3, DesiredSize = 2 }, InstanceTypes = ["t3.medium"], AmiType = "AL2023_x86_64_STANDARD",
                Labels = new() { ["tier"] = "app" }, Tags = new(SomeTags), ClientRequestToken = "token-nodegroup",
                UpdateConfig = new Eks.NodegroupUpdateConfig { MaxUnavailable = 1 }, CapacityType = "ON_DEMAND", Version = "1.34",
            })),
        new("eks", "DescribeNodegroup", new { clusterName = "rc", nodegroupName = "general" }, c => c.Eks(Region).DescribeNodegroupAsync(new Eks.DescribeNodegroupRequest { ClusterName = "rc", NodegroupName = "general" })),
        new("eks", "ListNodegroups", new { clusterName = "rc", maxResults = 10, nextToken = "n2" }, c => c.Eks(Region).ListNodegroupsAsync(new Eks.ListNodegroupsRequest { ClusterName = "rc", MaxResults = 10, NextToken = "n2" })),
        new("eks", "UpdateNodegroupConfig", new
            {
                clusterName = "rc", nodegroupName = "general",
                labels = new { addOrUpdateLabels = new Dictionary<string, string> { ["tier"] = "web" }, removeLabels = new[] { "old" } },
                scalingConfig = new { minSize = 1, maxSize = 4, desiredSize = 3 },
            },
            c => c.Eks(Region).UpdateNodegroupConfigAsync(new Eks.UpdateNodegroupConfigRequest
            {
                ClusterName = "rc", NodegroupName = "general",
                Labels = new Eks.UpdateLabelsPayload { AddOrUpdateLabels = new() { ["tier"] = "web" }, RemoveLabels = ["old"] },
                ScalingConfig = new Eks.NodegroupScalingConfig { MinSize = 1, MaxSize = 4, DesiredSize = 3 },
            })),
        new("eks", "UpdateNodegroupVersion", new { clusterName = "rc", nodegroupName = "general", version = "1.35" },
            c => c.Eks(Region).UpdateNodegroupVersionAsync(new Eks.UpdateNodegroupVersionRequest { ClusterName = "rc", NodegroupName = "general", Version = "1.35" })),
        new("eks", "DeleteNodegroup", new { clusterName = "rc", nodegroupName = "general" }, c => c.Eks(Region).DeleteNodegroupAsync(new Eks.DeleteNodegroupRequest { ClusterName = "rc", NodegroupName = "general" })),
        new("eks", "DescribeAddonVersions", new { kubernetesVersion = "1.34", maxResults = 10, addonName = "coredns", types = new[] { "networking" }, publishers = new[] { "eks" }, owners = new[] { "aws" } },
            c => c.Eks(Region).DescribeAddonVersionsAsync(new Eks.DescribeAddonVersionsRequest { KubernetesVersion = "1.34", MaxResults = 10, AddonName = "coredns", Types = ["networking"], Publishers = ["eks"], Owners = ["aws"] })),
        new("eks", "CreateAddon", new { clusterName = "rc", addonName = "coredns", addonVersion = "v1.12.4-eksbuild.1", resolveConflicts = "OVERWRITE", clientRequestToken = "token-addon", tags = SomeTags, configurationValues = "{}" },
            c => c.Eks(Region).CreateAddonAsync(new Eks.CreateAddonRequest { ClusterName = "rc", AddonName = "coredns", AddonVersion = "v1.12.4-eksbuild.1", ResolveConflicts = "OVERWRITE", ClientRequestToken = "token-addon", Tags = new(SomeTags), ConfigurationValues = "{}" })),
        new("eks", "DescribeAddon", new { clusterName = "rc", addonName = "coredns" }, c => c.Eks(Region).DescribeAddonAsync(new Eks.DescribeAddonRequest { ClusterName = "rc", AddonName = "coredns" })),
        new("eks", "UpdateAddon", new { clusterName = "rc", addonName = "coredns", addonVersion = "v1.12.5-eksbuild.1", resolveConflicts = "PRESERVE" },
            c => c.Eks(Region).UpdateAddonAsync(new Eks.UpdateAddonRequest { ClusterName = "rc", AddonName = "coredns", AddonVersion = "v1.12.5-eksbuild.1", ResolveConflicts = "PRESERVE" })),
        new("eks", "DeleteAddon", new { clusterName = "rc", addonName = "coredns", preserve = true }, c => c.Eks(Region).DeleteAddonAsync(new Eks.DeleteAddonRequest { ClusterName = "rc", AddonName = "coredns", Preserve = true })),
        new("eks", "CreateAccessEntry", new { clusterName = "rc", principalArn = NodeRoleArn, kubernetesGroups = new[] { "viewers" }, tags = SomeTags, clientRequestToken = "token-entry", username = "team", type = "STANDARD" },
            c => c.Eks(Region).CreateAccessEntryAsync(new Eks.CreateAccessEntryRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn, KubernetesGroups = ["viewers"], Tags = new(SomeTags), ClientRequestToken = "token-entry", Username = "team", Type = "STANDARD" })),
        new("eks", "DescribeAccessEntry", new { clusterName = "rc", principalArn = NodeRoleArn }, c => c.Eks(Region).DescribeAccessEntryAsync(new Eks.DescribeAccessEntryRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn })),
        new("eks", "AssociateAccessPolicy", new { clusterName = "rc", principalArn = NodeRoleArn, policyArn = PolicyArn, accessScope = new { type = "namespace", namespaces = new[] { "payments" } } },
            c => c.Eks(Region).AssociateAccessPolicyAsync(new Eks.AssociateAccessPolicyRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn, PolicyArn = PolicyArn, AccessScope = new Eks.AccessScope { Type = "namespace", Namespaces = ["payments"] } })),
        new("eks", "ListAssociatedAccessPolicies", new { clusterName = "rc", principalArn = NodeRoleArn, maxResults = 10, nextToken = "n3" },
            c => c.Eks(Region).ListAssociatedAccessPoliciesAsync(new Eks.ListAssociatedAccessPoliciesRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn, MaxResults = 10, NextToken = "n3" })),
        new("eks", "DisassociateAccessPolicy", new { clusterName = "rc", principalArn = NodeRoleArn, policyArn = PolicyArn },
            c => c.Eks(Region).DisassociateAccessPolicyAsync(new Eks.DisassociateAccessPolicyRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn, PolicyArn = PolicyArn })),
        new("eks", "DeleteAccessEntry", new { clusterName = "rc", principalArn = NodeRoleArn }, c => c.Eks(Region).DeleteAccessEntryAsync(new Eks.DeleteAccessEntryRequest { ClusterName = "rc", PrincipalArn = NodeRoleArn })),
        new("eks", "TagResource", new { resourceArn = ClusterArn, tags = SomeTags }, c => c.Eks(Region).TagResourceAsync(new Eks.TagResourceRequest { ResourceArn = ClusterArn, Tags = new(SomeTags) })),
        new("eks", "UntagResource", new { resourceArn = ClusterArn, tagKeys = new[] { "team", "kund:environment" } },
            c => c.Eks(Region).UntagResourceAsync(new Eks.UntagResourceRequest { ResourceArn = ClusterArn, TagKeys = ["team", "kund:environment"] })),
        new("eks", "UpdateClusterConfig", new
            {
                name = "rc", deletionProtection = true,
                resourcesVpcConfig = new { endpointPublicAccess = true, endpointPrivateAccess = true, publicAccessCidrs = new[] { "198.51.100.0/24" } },
                logging = new { clusterLogging = new[] { new { types = new[] { "api" }, enabled = true }, new { types = new[] { "audit" }, enabled = false } } },
                accessConfig = new { authenticationMode = "API_AND_CONFIG_MAP" },
                upgradePolicy = new { supportType = "EXTENDED" },
            },
            c => c.Eks(Region).UpdateClusterConfigAsync(new Eks.UpdateClusterConfigRequest
            {
                Name = "rc", DeletionProtection = true,
                ResourcesVpcConfig = new Eks.VpcConfigRequest { EndpointPublicAccess = true, EndpointPrivateAccess = true, PublicAccessCidrs = ["198.51.100.0/24"] },
                Logging = new Eks.Logging { ClusterLogging = [new Eks.LogSetup { Types = ["api"], Enabled = true }, new Eks.LogSetup { Types = ["audit"], Enabled = false }] },
                AccessConfig = new Eks.UpdateAccessConfigRequest { AuthenticationMode = "API_AND_CONFIG_MAP" },
                UpgradePolicy = new Eks.UpgradePolicy { SupportType = "EXTENDED" },
            })),
        new("eks", "UpdateClusterVersion", new { name = "rc", version = "1.35" },
            c => c.Eks(Region).UpdateClusterVersionAsync(new Eks.UpdateClusterVersionRequest { Name = "rc", Version = "1.35" })),
        new("eks", "DescribeUpdate", new { name = "rc", updateId = "00000000-0000-0000-0000-000000000001", nodegroupName = "general" },
            c => c.Eks(Region).DescribeUpdateAsync(new Eks.DescribeUpdateRequest { Name = "rc", UpdateId = "00000000-0000-0000-0000-000000000001", NodegroupName = "general" })),
        new("eks", "DeleteCluster", new { name = "rc" }, c => c.Eks(Region).DeleteClusterAsync(new Eks.DeleteClusterRequest { Name = "rc" })),

        // Kund's client asks for its own page size on every page; the official client's input names it.
        new("tagging", "GetResources", new { TagFilters = new[] { new { Key = "kund:environment", Values = new[] { "env-a", "env-b" } } }, ResourcesPerPage = 100, PaginationToken = "p1" },
            c => c.Tagging(Region).GetResourcesAsync([new TagFilter("kund:environment", ["env-a", "env-b"])], "p1")),
    ];

    [Fact]
    public async Task KundsClients_EveryIamEksAndTaggingOperation_SendWhatTheOfficialClientSends()
    {
        var cases = Cases();
        var clients = app.Services.GetRequiredService<AwsClients>();
        var log = app.Cloud.RequestLog;
        log.Recording = true;
        try
        {
            log.Take();
            foreach (var call in cases)
            {
                try
                {
                    await call.Kund(clients);
                }
                catch (Amazon.Runtime.AmazonServiceException)
                {
                    // An answer the sandbox refused is fine: the request was recorded.
                }
            }

            var kund = log.Take();
            var file = Path.Combine(Path.GetTempPath(), $"kund-request-conformance-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(cases.Select(c => new { service = c.Service, command = c.Command, input = c.Input })));
            try
            {
                var (exitCode, output) = await ConformanceSuiteTests.RunNodeAsync(new Dictionary<string, string> { ["KUND_SANDBOX_ENDPOINT"] = app.Endpoint.ToString() }, "send.mjs", file);
                Assert.True(exitCode == 0, output);
            }
            finally
            {
                File.Delete(file);
            }

            var official = log.Take();
            var differences = new List<string>();
            foreach (var call in cases)
            {
                var ours = kund.FirstOrDefault(r => r.Operation == call.Command);
                var theirs = official.FirstOrDefault(r => r.Operation == call.Command);
                if (ours is null || theirs is null)
                {
                    differences.Add($"{call.Command}: recorded from Kund {ours is not null}, from the official client {theirs is not null}");
                    continue;
                }

                differences.AddRange(Compare(ours, theirs).Select(d => $"{call.Command}: {d}"));
            }

            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        }
        finally
        {
            log.Recording = false;
        }
    }

    /// <summary>What differs between Kund's request and the official client's, in words.</summary>
    private static IEnumerable<string> Compare(SandboxRecordedRequest ours, SandboxRecordedRequest theirs)
    {
        if (ours.Method != theirs.Method)
        {
            yield return $"method {ours.Method} vs the official {theirs.Method}";
        }

        if (ours.Path != theirs.Path)
        {
            yield return $"path {ours.Path} vs the official {theirs.Path}";
        }

        if (MediaType(ours.ContentType) != MediaType(theirs.ContentType))
        {
            yield return $"content type {ours.ContentType} vs the official {theirs.ContentType}";
        }

        if (ours.Target != theirs.Target)
        {
            yield return $"X-Amz-Target {ours.Target} vs the official {theirs.Target}";
        }

        var (ourQuery, theirQuery) = (Pairs(ours.Query), Pairs(theirs.Query));
        if (ourQuery != theirQuery)
        {
            yield return $"query {ourQuery} vs the official {theirQuery}";
        }

        var (ourBody, theirBody) = ours.Service is "eks" or "tagging" ? (Json(ours.Body), Json(theirs.Body)) : (Pairs(ours.Body), Pairs(theirs.Body));
        if (ourBody != theirBody)
        {
            yield return $"body {ourBody} vs the official {theirBody}";
        }
    }

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Form or query pairs, decoded and sorted: the order of members does not matter to AWS.</summary>
    private static string Pairs(string text) => string.Join('&', text.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => Uri.UnescapeDataString(p.Replace('+', ' ')))
        .Order(StringComparer.Ordinal));

    /// <summary>
    /// A JSON body with members sorted by name; an empty body and <c>{}</c> are the same to AWS. An idempotency
    /// token the client made up itself (a UUID, new on every call) reads <c>&lt;generated&gt;</c>.
    /// </summary>
    private static string Json(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "{}";
        }

        var body = Sorted(JsonNode.Parse(text));
        if (body is JsonObject o && o["clientRequestToken"]?.GetValue<string>() is { } token && Guid.TryParse(token, out _))
        {
            o["clientRequestToken"] = "<generated>";
        }

        return body?.ToJsonString() ?? "null";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
