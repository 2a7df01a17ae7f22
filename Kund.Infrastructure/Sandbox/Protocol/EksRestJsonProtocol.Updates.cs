using System.Net;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The in-place changes: cluster version and config, node group version, add-on version, updates, tags, policy disassociation.</summary>
internal sealed partial class EksRestJsonProtocol
{
    private HttpResponseMessage ExecuteUpdate(string operation, SandboxRequest request)
    {
        var region = request.Region;
        var segments = request.Path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var cluster = segments.Length > 1 && segments[0] == "clusters" ? segments[1] : string.Empty;
        var child = segments.Length > 3 ? segments[3] : string.Empty;
        var parameters = Parameters(request.Query);
        switch (operation)
        {
            case "UpdateClusterVersion":
                return Ok("update", UpdateJson(cloud.UpdateClusterVersion(region, cluster, String(Body(request)["version"], "version"))));
            case "UpdateClusterConfig":
                return Ok("update", UpdateJson(cloud.UpdateClusterConfig(region, cluster, ReadClusterConfig(Body(request)))));
            case "DescribeUpdate":
                return Ok("update", UpdateJson(cloud.DescribeUpdate(
                    region, cluster, child, parameters.FirstOrDefault(p => p.Key == "nodegroupName").Value, parameters.FirstOrDefault(p => p.Key == "addonName").Value)));
            case "UpdateNodegroupVersion":
                return Ok("update", UpdateJson(cloud.UpdateNodegroupVersion(region, cluster, child, String(Body(request)["version"], "version"))));
            case "UpdateAddon":
                var body = Body(request);
                return Ok("update", UpdateJson(cloud.UpdateAddon(region, cluster, child, String(body["addonVersion"], "addonVersion"), String(body["resolveConflicts"], "resolveConflicts"))));
            case "DisassociateAccessPolicy":
                cloud.DisassociateAccessPolicy(region, cluster, child, segments[5]);
                return Json(HttpStatusCode.OK, []);
            case "TagResource":
                cloud.TagEksResource(region, segments[1], StringMap(Body(request)["tags"], "tags"));
                return Json(HttpStatusCode.OK, []);
            case "UntagResource":
                cloud.UntagEksResource(region, segments[1], [.. parameters.Where(p => p.Key == "tagKeys").Select(p => p.Value)]);
                return Json(HttpStatusCode.OK, []);
            case "ListTagsForResource":
                return Json(HttpStatusCode.OK, new JsonObject { ["tags"] = Map(cloud.ListEksTags(region, segments[1])) });
            default:
                return UnknownOperation(request);
        }
    }

    private static SandboxClusterConfigUpdate ReadClusterConfig(JsonNode body)
    {
        var vpc = body["resourcesVpcConfig"];
        if (vpc?["subnetIds"] is not null || vpc?["securityGroupIds"] is not null)
        {
            throw new SandboxException("InvalidParameterException", "The sandbox does not change a cluster's subnets or security groups in place.");
        }

        var logging = (body["logging"]?["clusterLogging"]?.AsArray() ?? []).Where(s => s is not null).ToList();
        var enabled = logging.Where(s => Bool(s!["enabled"], "logging.clusterLogging.enabled") == true).SelectMany(s => StringList(s!["types"], "logging.clusterLogging.types")).ToList();
        var disabled = logging.Where(s => Bool(s!["enabled"], "logging.clusterLogging.enabled") != true).SelectMany(s => StringList(s!["types"], "logging.clusterLogging.types")).ToList();
        return new SandboxClusterConfigUpdate(
            EndpointPublicAccess: Bool(vpc?["endpointPublicAccess"], "resourcesVpcConfig.endpointPublicAccess"),
            EndpointPrivateAccess: Bool(vpc?["endpointPrivateAccess"], "resourcesVpcConfig.endpointPrivateAccess"),
            PublicAccessCidrs: vpc?["publicAccessCidrs"] is { } cidrs ? StringList(cidrs, "resourcesVpcConfig.publicAccessCidrs") : null,
            EnableLogTypes: logging.Count == 0 ? null : enabled,
            DisableLogTypes: logging.Count == 0 ? null : disabled,
            AuthenticationMode: String(body["accessConfig"]?["authenticationMode"], "accessConfig.authenticationMode"),
            SupportType: String(body["upgradePolicy"]?["supportType"], "upgradePolicy.supportType"),
            DeletionProtection: Bool(body["deletionProtection"], "deletionProtection"));
    }

    private JsonObject UpdateJson(SandboxEksUpdate update)
    {
        var status = update.StatusAt(cloud.Now);
        var errors = new JsonArray();
        if (status == "Failed")
        {
            errors.Add(new JsonObject { ["errorCode"] = update.ErrorCode, ["errorMessage"] = update.ErrorMessage, ["resourceIds"] = new JsonArray() });
        }

        return new JsonObject
        {
            ["id"] = update.Id,
            ["status"] = status,
            ["type"] = update.Type,
            ["params"] = new JsonArray([.. update.Params.Select(p => (JsonNode)new JsonObject { ["type"] = p.Type, ["value"] = p.Value })]),
            ["createdAt"] = Epoch(update.CreatedAt),
            ["errors"] = errors,
        };
    }
}
