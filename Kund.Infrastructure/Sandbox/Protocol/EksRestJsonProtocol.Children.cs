using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>Node groups, add-ons and access entries: the routes under <c>/clusters/{name}/…</c> and the add-on catalog.</summary>
internal sealed partial class EksRestJsonProtocol
{
    /// <summary>Small on purpose, so callers that do not follow <c>nextToken</c> see part of the answer, as they would on AWS with more items.</summary>
    internal const int VersionsPageSize = 2;

    internal const int AddonVersionsPageSize = 2;

    internal const int ListPageSize = 50;

    /// <summary>ListClusters answers AWS's own default page: <c>maxResults</c> 1–100, 100 when left out.</summary>
    internal const int ClustersPageSize = 100;

    private HttpResponseMessage ExecuteClusterChild(string operation, SandboxRequest request)
    {
        var region = request.Region;
        var segments = request.Path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var cluster = segments.Length > 1 && segments[0] == "clusters" ? segments[1] : string.Empty;
        var child = segments.Length > 3 ? segments[3] : string.Empty;
        var parameters = Parameters(request.Query);
        return operation switch
        {
            "CreateNodegroup" => Ok("nodegroup", NodegroupJson(cloud.CreateNodegroup(region, cluster, ReadNodegroup(Body(request))))),
            "DescribeNodegroup" => Ok("nodegroup", NodegroupJson(cloud.DescribeNodegroup(region, cluster, child))),
            "DeleteNodegroup" => Ok("nodegroup", NodegroupJson(cloud.DeleteNodegroup(region, cluster, child))),
            "ListNodegroups" => Listing("nodegroups", cloud.ListNodegroups(region, cluster).Select(n => (JsonNode)JsonValue.Create(n)!).ToList(), parameters, ListPageSize),
            "UpdateNodegroupConfig" => UpdateNodegroupConfig(region, cluster, child, Body(request)),
            "CreateAddon" => Ok("addon", AddonJson(cloud.CreateAddon(region, cluster, ReadAddon(Body(request))))),
            "DescribeAddon" => Ok("addon", AddonJson(cloud.DescribeAddon(region, cluster, child))),
            "DeleteAddon" => Ok("addon", AddonJson(cloud.DeleteAddon(region, cluster, child))),
            "DescribeAddonVersions" => DescribeAddonVersions(parameters),
            "CreateAccessEntry" => Ok("accessEntry", AccessEntryJson(cloud.CreateAccessEntry(region, cluster, ReadAccessEntry(Body(request))))),
            "DescribeAccessEntry" => Ok("accessEntry", AccessEntryJson(cloud.DescribeAccessEntry(region, cluster, child))),
            "DeleteAccessEntry" => DeleteAccessEntry(region, cluster, child),
            "AssociateAccessPolicy" => AssociateAccessPolicy(region, cluster, child, Body(request)),
            "ListAssociatedAccessPolicies" => Listing(
                "associatedAccessPolicies",
                cloud.ListAssociatedAccessPolicies(region, cluster, child).Select(p => (JsonNode)AssociationJson(p)).ToList(),
                parameters,
                ListPageSize,
                new JsonObject { ["clusterName"] = cluster, ["principalArn"] = child }),
            _ => ExecuteUpdate(operation, request),
        };
    }

    private HttpResponseMessage UpdateNodegroupConfig(string region, string cluster, string name, JsonNode body)
    {
        var scaling = body["scalingConfig"];
        var labels = body["labels"];
        var update = new SandboxNodegroupUpdate(
            Int(scaling?["minSize"], "scalingConfig.minSize"),
            Int(scaling?["desiredSize"], "scalingConfig.desiredSize"),
            Int(scaling?["maxSize"], "scalingConfig.maxSize"),
            StringMap(labels?["addOrUpdateLabels"], "labels.addOrUpdateLabels"),
            StringList(labels?["removeLabels"], "labels.removeLabels"));
        var (_, updateId) = cloud.UpdateNodegroupConfig(region, cluster, name, update);
        return Ok("update", UpdateJson(cloud.DescribeUpdate(region, cluster, updateId, name, null)));
    }

    private HttpResponseMessage DeleteAccessEntry(string region, string cluster, string principal)
    {
        cloud.DeleteAccessEntry(region, cluster, principal);
        return Json(HttpStatusCode.OK, new JsonObject());
    }

    private HttpResponseMessage AssociateAccessPolicy(string region, string cluster, string principal, JsonNode body)
    {
        var scope = body["accessScope"];
        var association = cloud.AssociateAccessPolicy(
            region, cluster, principal, String(body["policyArn"], "policyArn"), String(scope?["type"], "accessScope.type"), StringList(scope?["namespaces"], "accessScope.namespaces"));
        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["clusterName"] = cluster,
            ["principalArn"] = principal,
            ["associatedAccessPolicy"] = AssociationJson(association),
        });
    }

    /// <summary>The catalog, filtered by <c>addonName</c> and <c>kubernetesVersion</c>, one page of add-ons at a time.</summary>
    private static HttpResponseMessage DescribeAddonVersions(List<(string Key, string Value)> parameters)
    {
        var name = parameters.FirstOrDefault(p => p.Key == "addonName").Value;
        var kubernetes = parameters.FirstOrDefault(p => p.Key == "kubernetesVersion").Value;
        var types = parameters.Where(p => p.Key == "types").Select(p => p.Value).ToList();
        var addons = SandboxAddonCatalog.Names
            .Where(n => string.IsNullOrEmpty(name) || n == name)
            .Where(n => types.Count == 0 || types.Contains(SandboxAddonCatalog.Types[n]))
            .Select(n => (Name: n, Versions: SandboxAddonCatalog.Versions
                .Where(v => v.AddonName == n && (string.IsNullOrEmpty(kubernetes) || v.ClusterVersions.Contains(kubernetes)))
                .ToList()))
            .Where(a => a.Versions.Count > 0)
            .Select(a => (JsonNode)new JsonObject
            {
                ["addonName"] = a.Name,
                ["type"] = SandboxAddonCatalog.Types[a.Name],
                ["publisher"] = "eks",
                ["owner"] = "aws",
                ["addonVersions"] = new JsonArray([.. a.Versions.Select(v => (JsonNode)AddonVersionJson(v, kubernetes))]),
            })
            .ToList();
        return Listing("addons", addons, parameters, AddonVersionsPageSize);
    }

    private static JsonObject AddonVersionJson(SandboxAddonVersion version, string? kubernetes) => new()
    {
        ["addonVersion"] = version.Version,
        ["architecture"] = new JsonArray("amd64", "arm64"),
        ["computeTypes"] = new JsonArray("ec2", "auto"),
        ["requiresConfiguration"] = false,
        ["compatibilities"] = new JsonArray([.. version.ClusterVersions
            .Where(c => string.IsNullOrEmpty(kubernetes) || c == kubernetes)
            .Select(c => (JsonNode)new JsonObject
            {
                ["clusterVersion"] = c,
                ["platformVersions"] = new JsonArray("*"),
                ["defaultVersion"] = version.DefaultFor.Contains(c),
            })]),
    };

    private JsonObject NodegroupJson(SandboxNodegroup n)
    {
        var status = n.StatusAt(cloud.Now, cloud.Timings);
        var issues = new JsonArray();
        if (status is "CREATE_FAILED" or "DEGRADED" or "DELETE_FAILED" && n.FailureCode is not null)
        {
            issues.Add(new JsonObject { ["code"] = n.FailureCode, ["message"] = n.FailureMessage, ["resourceIds"] = Array(n.FailureResourceIds) });
        }

        return new JsonObject
        {
            ["nodegroupName"] = n.Name,
            ["nodegroupArn"] = n.Arn,
            ["clusterName"] = n.ClusterName,
            ["version"] = n.Version,
            ["releaseVersion"] = n.ReleaseVersion,
            ["createdAt"] = Epoch(n.CreatedAt),
            ["modifiedAt"] = Epoch(n.ModifiedAt),
            ["status"] = status,
            ["capacityType"] = n.CapacityType,
            ["scalingConfig"] = new JsonObject { ["minSize"] = n.MinSize, ["maxSize"] = n.MaxSize, ["desiredSize"] = n.DesiredSize },
            ["instanceTypes"] = Array(n.InstanceTypes),
            ["subnets"] = Array(n.SubnetIds),
            ["amiType"] = n.AmiType,
            ["nodeRole"] = n.NodeRoleArn,
            ["labels"] = Map(n.Labels),
            ["resources"] = new JsonObject { ["autoScalingGroups"] = new JsonArray(new JsonObject { ["name"] = $"eks-{n.Name}-{n.Arn[^36..]}" }) },
            ["diskSize"] = n.DiskSize,
            ["health"] = new JsonObject { ["issues"] = issues },
            ["updateConfig"] = new JsonObject { ["maxUnavailable"] = 1 },
            ["tags"] = Map(n.Tags),
        };
    }

    private JsonObject AddonJson(SandboxAddon a)
    {
        var status = cloud.AddonStatusAt(a, cloud.Now);
        var issues = new JsonArray();
        if (a.FailureCode is not null && status is "CREATE_FAILED" or "DEGRADED")
        {
            issues.Add(new JsonObject { ["code"] = a.FailureCode, ["message"] = a.FailureMessage, ["resourceIds"] = new JsonArray() });
        }
        else if (status == "DEGRADED")
        {
            issues.Add(new JsonObject
            {
                ["code"] = "InsufficientNumberOfReplicas",
                ["message"] = "The add-on is unhealthy because it doesn't have the desired number of replicas: the cluster has no nodes to run them.",
                ["resourceIds"] = new JsonArray(),
            });
        }

        var json = new JsonObject
        {
            ["addonName"] = a.Name,
            ["clusterName"] = a.ClusterName,
            ["status"] = status,
            ["addonVersion"] = a.Version,
            ["health"] = new JsonObject { ["issues"] = issues },
            ["addonArn"] = a.Arn,
            ["createdAt"] = Epoch(a.CreatedAt),
            ["modifiedAt"] = Epoch(a.DeleteRequestedAt ?? a.CreatedAt),
            ["tags"] = Map(a.Tags),
            ["publisher"] = "eks",
            ["owner"] = "aws",
        };
        if (a.ServiceAccountRoleArn is not null)
        {
            json["serviceAccountRoleArn"] = a.ServiceAccountRoleArn;
        }

        if (a.ConfigurationValues is not null)
        {
            json["configurationValues"] = a.ConfigurationValues;
        }

        return json;
    }

    private static JsonObject AccessEntryJson(SandboxAccessEntry e) => new()
    {
        ["clusterName"] = e.ClusterName,
        ["principalArn"] = e.PrincipalArn,
        ["kubernetesGroups"] = Array(e.KubernetesGroups),
        ["accessEntryArn"] = e.Arn,
        ["createdAt"] = Epoch(e.CreatedAt),
        ["modifiedAt"] = Epoch(e.ModifiedAt),
        ["tags"] = Map(e.Tags),
        ["username"] = e.Username,
        ["type"] = e.Type,
    };

    private static JsonObject AssociationJson(SandboxAccessPolicyAssociation p)
    {
        var scope = new JsonObject { ["type"] = p.ScopeType };
        if (p.Namespaces.Count > 0)
        {
            scope["namespaces"] = Array(p.Namespaces);
        }

        return new JsonObject
        {
            ["policyArn"] = p.PolicyArn,
            ["accessScope"] = scope,
            ["associatedAt"] = Epoch(p.AssociatedAt),
            ["modifiedAt"] = Epoch(p.ModifiedAt),
        };
    }

    private static SandboxNodegroupRequest ReadNodegroup(JsonNode body)
    {
        var scaling = body["scalingConfig"];
        return new SandboxNodegroupRequest(
            String(body["nodegroupName"], "nodegroupName"),
            StringList(body["subnets"], "subnets"),
            String(body["nodeRole"], "nodeRole"),
            body["instanceTypes"] is null ? null : StringList(body["instanceTypes"], "instanceTypes"),
            String(body["amiType"], "amiType"),
            String(body["capacityType"], "capacityType"),
            Int(body["diskSize"], "diskSize"),
            Int(scaling?["minSize"], "scalingConfig.minSize"),
            Int(scaling?["desiredSize"], "scalingConfig.desiredSize"),
            Int(scaling?["maxSize"], "scalingConfig.maxSize"),
            StringMap(body["labels"], "labels"),
            StringMap(body["tags"], "tags"),
            String(body["version"], "version"),
            String(body["clientRequestToken"], "clientRequestToken"));
    }

    private static SandboxAddonRequest ReadAddon(JsonNode body) => new(
        String(body["addonName"], "addonName"),
        String(body["addonVersion"], "addonVersion"),
        String(body["serviceAccountRoleArn"], "serviceAccountRoleArn"),
        String(body["configurationValues"], "configurationValues"),
        StringMap(body["tags"], "tags"),
        String(body["clientRequestToken"], "clientRequestToken"));

    private static SandboxAccessEntryRequest ReadAccessEntry(JsonNode body) => new(
        String(body["principalArn"], "principalArn"),
        StringList(body["kubernetesGroups"], "kubernetesGroups"),
        String(body["username"], "username"),
        String(body["type"], "type"),
        StringMap(body["tags"], "tags"));

    private static JsonNode Body(SandboxRequest request)
    {
        try
        {
            return JsonNode.Parse(string.IsNullOrWhiteSpace(request.Body) ? "{}" : request.Body) as JsonObject
                ?? throw new SandboxException("InvalidParameterException", "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new SandboxException("InvalidParameterException", "The request body is not valid JSON.");
        }
    }

    private static string? String(JsonNode? node, string field) =>
        node is null ? null
        : node is JsonValue value && value.TryGetValue<string>(out var text) ? text
        : throw new SandboxException("InvalidParameterException", $"{field} must be a string.");

    private static int? Int(JsonNode? node, string field) =>
        node is null ? null
        : node is JsonValue value && value.TryGetValue<int>(out var number) ? number
        : throw new SandboxException("InvalidParameterException", $"{field} must be an integer.");

    private static List<string> StringList(JsonNode? node, string field) =>
        node is null ? []
        : node is JsonArray array ? [.. array.Select(item => String(item, field) ?? throw new SandboxException("InvalidParameterException", $"{field} must hold strings."))]
        : throw new SandboxException("InvalidParameterException", $"{field} must be a list of strings.");

    private static Dictionary<string, string> StringMap(JsonNode? node, string field) =>
        node is null ? new Dictionary<string, string>(StringComparer.Ordinal)
        : node is JsonObject map ? map.ToDictionary(p => p.Key, p => String(p.Value, $"{field}.{p.Key}") ?? string.Empty, StringComparer.Ordinal)
        : throw new SandboxException("InvalidParameterException", $"{field} must be a map of strings.");

    private static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new([.. map.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]);

    private static HttpResponseMessage Ok(string member, JsonObject value) => Json(HttpStatusCode.OK, new JsonObject { [member] = value });

    /// <summary>One page of <paramref name="items"/> under <paramref name="member"/>, with a <c>nextToken</c> when more follow.</summary>
    private static HttpResponseMessage Listing(string member, List<JsonNode> items, List<(string Key, string Value)> parameters, int pageSize, JsonObject? body = null)
    {
        var (page, next) = Page(items, parameters, pageSize);
        body ??= [];
        body[member] = new JsonArray([.. page]);
        if (next is not null)
        {
            body["nextToken"] = next;
        }

        return Json(HttpStatusCode.OK, body);
    }

    /// <summary>
    /// Pages as EKS does: at most <c>maxResults</c> (1–100) or the sandbox's page size, resumed from an
    /// opaque <c>nextToken</c>; a token the sandbox did not hand out is InvalidParameterException.
    /// </summary>
    private static (List<T> Page, string? NextToken) Page<T>(List<T> items, List<(string Key, string Value)> parameters, int pageSize)
    {
        var asked = SandboxPages.Asked(
            parameters.FirstOrDefault(p => p.Key == "maxResults").Value,
            1,
            100,
            max => new SandboxException("InvalidParameterException", $"maxResults {max} is invalid: it must be between 1 and 100."));
        return SandboxPages.Take(
            items,
            Math.Min(asked ?? pageSize, pageSize),
            parameters.FirstOrDefault(p => p.Key == "nextToken").Value,
            () => new SandboxException("InvalidParameterException", "The nextToken is invalid."));
    }

    private static List<(string Key, string Value)> Parameters(string? query) =>
        [.. (query ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Key: Uri.UnescapeDataString(pair[0]), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty))];
}
