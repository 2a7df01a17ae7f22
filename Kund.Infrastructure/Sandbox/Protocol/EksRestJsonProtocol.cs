using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The EKS REST-JSON API: routes by method and path, JSON bodies, errors as an <c>x-amzn-ErrorType</c>
/// header and a <c>{"message": …}</c> body. Timestamps are epoch seconds, as the protocol has them.
/// </summary>
internal sealed partial class EksRestJsonProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    public string? OperationOf(SandboxRequest request)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method.Method, segments) switch
        {
            ("POST", ["clusters"]) => "CreateCluster",
            ("GET", ["clusters"]) => "ListClusters",
            ("GET", ["clusters", _]) => "DescribeCluster",
            ("DELETE", ["clusters", _]) => "DeleteCluster",
            ("GET", ["cluster-versions"]) => "DescribeClusterVersions",
            ("POST", ["clusters", _, "updates"]) => "UpdateClusterVersion",
            ("GET", ["clusters", _, "updates", _]) => "DescribeUpdate",
            ("POST", ["clusters", _, "update-config"]) => "UpdateClusterConfig",
            ("POST", ["clusters", _, "node-groups", _, "update-version"]) => "UpdateNodegroupVersion",
            ("POST", ["clusters", _, "addons", _, "update"]) => "UpdateAddon",
            ("DELETE", ["clusters", _, "access-entries", _, "access-policies", _]) => "DisassociateAccessPolicy",
            ("POST", ["tags", _]) => "TagResource",
            ("DELETE", ["tags", _]) => "UntagResource",
            ("GET", ["tags", _]) => "ListTagsForResource",
            ("POST", ["clusters", _, "node-groups"]) => "CreateNodegroup",
            ("GET", ["clusters", _, "node-groups"]) => "ListNodegroups",
            ("GET", ["clusters", _, "node-groups", _]) => "DescribeNodegroup",
            ("DELETE", ["clusters", _, "node-groups", _]) => "DeleteNodegroup",
            ("POST", ["clusters", _, "node-groups", _, "update-config"]) => "UpdateNodegroupConfig",
            ("POST", ["clusters", _, "addons"]) => "CreateAddon",
            ("GET", ["clusters", _, "addons", _]) => "DescribeAddon",
            ("DELETE", ["clusters", _, "addons", _]) => "DeleteAddon",
            ("GET", ["addons", "supported-versions"]) => "DescribeAddonVersions",
            ("POST", ["clusters", _, "access-entries"]) => "CreateAccessEntry",
            ("GET", ["clusters", _, "access-entries", _]) => "DescribeAccessEntry",
            ("DELETE", ["clusters", _, "access-entries", _]) => "DeleteAccessEntry",
            ("POST", ["clusters", _, "access-entries", _, "access-policies"]) => "AssociateAccessPolicy",
            ("GET", ["clusters", _, "access-entries", _, "access-policies"]) => "ListAssociatedAccessPolicies",
            _ => null,
        };
    }

    public HttpResponseMessage UnknownOperation(SandboxRequest request) =>
        Error(new SandboxException("UnknownOperationException", $"Unknown operation {request.Method} {request.Path}", HttpStatusCode.NotFound), request);

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request)
    {
        var body = new JsonObject { ["message"] = error.Message };
        if (ClusterName(request) is { } name && error.Code is "ResourceNotFoundException" or "ResourceInUseException" or "InvalidParameterException")
        {
            body["clusterName"] = name;
        }

        var response = Json(error.Status, body);
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", error.Code);
        return response;
    }

    public HttpResponseMessage Execute(string operation, SandboxRequest request)
    {
        var region = request.Region;
        return operation switch
        {
            "CreateCluster" => Json(HttpStatusCode.OK, new JsonObject { ["cluster"] = ClusterJson(cloud.CreateCluster(region, ReadCreateCluster(request.Body))) }),
            "DescribeCluster" => Json(HttpStatusCode.OK, new JsonObject { ["cluster"] = ClusterJson(cloud.DescribeCluster(region, ClusterName(request)!)) }),
            "DeleteCluster" => Json(HttpStatusCode.OK, new JsonObject { ["cluster"] = ClusterJson(cloud.DeleteCluster(region, ClusterName(request)!)) }),
            "ListClusters" => Listing("clusters", cloud.ListClusters(region).Select(n => (JsonNode)JsonValue.Create(n)!).ToList(), Parameters(request.Query), ClustersPageSize),
            "DescribeClusterVersions" => DescribeClusterVersions(request),
            _ => ExecuteClusterChild(operation, request),
        };
    }

    /// <summary>One page of the versions asked for, as EKS pages them.</summary>
    private static HttpResponseMessage DescribeClusterVersions(SandboxRequest request)
    {
        var parameters = Parameters(request.Query);
        var (page, next) = Page([.. Versions(parameters)], parameters, VersionsPageSize);
        var body = new JsonObject { ["clusterVersions"] = new JsonArray([.. page.Select(VersionJson)]) };
        if (next is not null)
        {
            body["nextToken"] = next;
        }

        return Json(HttpStatusCode.OK, body);
    }

    /// <summary>The versions <c>clusterVersions</c>, <c>defaultOnly</c> and <c>versionStatus</c> in the query ask for.</summary>
    private static IEnumerable<SandboxKubernetesVersion> Versions(List<(string Key, string Value)> parameters)
    {
        var wanted = parameters.Where(p => p.Key == "clusterVersions").Select(p => p.Value).ToList();
        var defaultOnly = parameters.Any(p => p.Key == "defaultOnly" && p.Value == "true");
        var status = parameters.FirstOrDefault(p => p.Key is "versionStatus" or "status").Value;
        return SandboxCloud.KubernetesVersions.Where(v =>
            (wanted.Count == 0 || wanted.Contains(v.Version))
            && (!defaultOnly || v.IsDefault)
            && (string.IsNullOrEmpty(status) || string.Equals(v.VersionStatus.Replace("_", "-", StringComparison.Ordinal), status.Replace("_", "-", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
    }

    private static string? ClusterName(SandboxRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        return segments is ["clusters", var name, ..] ? Uri.UnescapeDataString(name) : null;
    }

    private static SandboxClusterRequest ReadCreateCluster(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            throw new SandboxException("InvalidParameterException", "The request body is not valid JSON.");
        }

        var vpc = root?["resourcesVpcConfig"] ?? throw new SandboxException("InvalidParameterException", "resourcesVpcConfig is required.");
        return new SandboxClusterRequest(
            Name: root["name"]?.GetValue<string>(),
            Version: root["version"]?.GetValue<string>(),
            RoleArn: root["roleArn"]?.GetValue<string>(),
            SubnetIds: Strings(vpc["subnetIds"]),
            SecurityGroupIds: Strings(vpc["securityGroupIds"]),
            EndpointPublicAccess: vpc["endpointPublicAccess"]?.GetValue<bool>(),
            EndpointPrivateAccess: vpc["endpointPrivateAccess"]?.GetValue<bool>(),
            PublicAccessCidrs: vpc["publicAccessCidrs"] is { } cidrs ? Strings(cidrs) : null,
            EnabledLogTypes: [.. (root["logging"]?["clusterLogging"]?.AsArray() ?? [])
                .Where(setup => setup?["enabled"]?.GetValue<bool>() == true)
                .SelectMany(setup => Strings(setup!["types"]))],
            Tags: root["tags"]?.AsObject().ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(StringComparer.Ordinal),
            ClientRequestToken: root["clientRequestToken"]?.GetValue<string>(),
            AuthenticationMode: String(root["accessConfig"]?["authenticationMode"], "accessConfig.authenticationMode"),
            BootstrapClusterCreatorAdminPermissions: Bool(root["accessConfig"]?["bootstrapClusterCreatorAdminPermissions"], "accessConfig.bootstrapClusterCreatorAdminPermissions"),
            BootstrapSelfManagedAddons: Bool(root["bootstrapSelfManagedAddons"], "bootstrapSelfManagedAddons"),
            ComputeEnabled: Bool(root["computeConfig"]?["enabled"], "computeConfig.enabled"),
            NodePools: root["computeConfig"]?["nodePools"] is { } pools ? StringList(pools, "computeConfig.nodePools") : null,
            ComputeNodeRoleArn: String(root["computeConfig"]?["nodeRoleArn"], "computeConfig.nodeRoleArn"),
            ElasticLoadBalancingEnabled: Bool(root["kubernetesNetworkConfig"]?["elasticLoadBalancing"]?["enabled"], "kubernetesNetworkConfig.elasticLoadBalancing.enabled"),
            BlockStorageEnabled: Bool(root["storageConfig"]?["blockStorage"]?["enabled"], "storageConfig.blockStorage.enabled"),
            DeletionProtection: Bool(root["deletionProtection"], "deletionProtection"),
            SupportType: String(root["upgradePolicy"]?["supportType"], "upgradePolicy.supportType"));
    }

    private static List<string> Strings(JsonNode? node) => [.. (node?.AsArray() ?? []).Select(n => n!.GetValue<string>())];

    private JsonObject ClusterJson(SandboxCluster c)
    {
        var status = c.StatusAt(cloud.Now, cloud.Timings);
        var ready = status is not ("PENDING" or "CREATING");
        var json = new JsonObject
        {
            ["name"] = c.Name,
            ["arn"] = c.Arn,
            ["createdAt"] = Epoch(c.CreatedAt),
            ["version"] = c.Version,
            ["roleArn"] = c.RoleArn,
            ["resourcesVpcConfig"] = new JsonObject
            {
                ["subnetIds"] = Array(c.SubnetIds),
                ["securityGroupIds"] = Array(c.SecurityGroupIds),
                ["clusterSecurityGroupId"] = c.ClusterSecurityGroupId,
                ["vpcId"] = c.VpcId,
                ["endpointPublicAccess"] = c.EndpointPublicAccess,
                ["endpointPrivateAccess"] = c.EndpointPrivateAccess,
                ["publicAccessCidrs"] = Array(c.PublicAccessCidrs),
            },
            ["kubernetesNetworkConfig"] = new JsonObject
            {
                ["serviceIpv4Cidr"] = "172.20.0.0/16",
                ["ipFamily"] = "ipv4",
                ["elasticLoadBalancing"] = new JsonObject { ["enabled"] = c.AutoMode },
            },
            ["logging"] = new JsonObject
            {
                ["clusterLogging"] = new JsonArray(
                    [.. new[] { (Types: c.EnabledLogTypes, Enabled: true), (Types: SandboxCloud.ClusterLogTypes.Except(c.EnabledLogTypes).ToList(), Enabled: false) }
                        .Where(g => g.Types.Count > 0)
                        .Select(g => new JsonObject { ["types"] = Array(g.Types), ["enabled"] = g.Enabled })]),
            },
            ["status"] = status,
            ["health"] = new JsonObject
            {
                ["issues"] = status == "FAILED" && c.FailureCode is not null
                    ? new JsonArray(new JsonObject { ["code"] = c.FailureCode, ["message"] = c.FailureMessage, ["resourceIds"] = new JsonArray() })
                    : new JsonArray(),
            },
            ["certificateAuthority"] = ready ? new JsonObject { ["data"] = c.CertificateAuthorityData } : new JsonObject(),
            ["platformVersion"] = c.PlatformVersion,
            ["tags"] = new JsonObject([.. c.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
            ["accessConfig"] = new JsonObject
            {
                ["authenticationMode"] = c.AuthenticationMode,
                ["bootstrapClusterCreatorAdminPermissions"] = c.BootstrapClusterCreatorAdminPermissions,
            },
            ["upgradePolicy"] = new JsonObject { ["supportType"] = c.SupportType },
            ["computeConfig"] = ComputeJson(c),
            ["storageConfig"] = new JsonObject { ["blockStorage"] = new JsonObject { ["enabled"] = c.AutoMode } },
            ["deletionProtection"] = c.DeletionProtection,
        };
        if (ready)
        {
            json["endpoint"] = c.Endpoint;
            json["identity"] = new JsonObject { ["oidc"] = new JsonObject { ["issuer"] = c.OidcIssuer } };
        }

        if (c.ClientRequestToken is not null)
        {
            json["clientRequestToken"] = c.ClientRequestToken;
        }

        return json;
    }

    private static JsonObject ComputeJson(SandboxCluster c)
    {
        var compute = new JsonObject { ["enabled"] = c.AutoMode };
        if (c.AutoMode)
        {
            compute["nodePools"] = Array(c.NodePools ?? []);
            if (c.AutoModeNodeRoleArn is not null)
            {
                compute["nodeRoleArn"] = c.AutoModeNodeRoleArn;
            }
        }

        return compute;
    }

    private static bool? Bool(JsonNode? node, string field) =>
        node is null ? null
        : node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag
        : throw new SandboxException("InvalidParameterException", $"{field} must be true or false.");

    private static JsonObject VersionJson(SandboxKubernetesVersion v) => new()
    {
        ["clusterVersion"] = v.Version,
        ["clusterType"] = "eks",
        ["defaultPlatformVersion"] = v.PlatformVersion,
        ["defaultVersion"] = v.IsDefault,
        ["releaseDate"] = Epoch(v.ReleaseDate),
        ["endOfStandardSupportDate"] = Epoch(v.EndOfStandardSupport),
        ["endOfExtendedSupportDate"] = Epoch(v.EndOfExtendedSupport),
        ["status"] = v.VersionStatus.ToLowerInvariant().Replace('_', '-'),
        ["versionStatus"] = v.VersionStatus,
        ["kubernetesPatchVersion"] = v.PatchVersion,
    };

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => JsonValue.Create(i))]);

    private static double Epoch(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000.0;

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
