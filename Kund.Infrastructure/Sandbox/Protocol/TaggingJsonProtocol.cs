using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The Resource Groups Tagging API over JSON 1.1: the operation is the <c>X-Amz-Target</c> header
/// (<c>ResourceGroupsTaggingAPI_20170126.GetResources</c>), errors are <c>{"__type", "Message"}</c>.
/// Only <c>GetResources</c>, with <c>TagFilters</c>, <c>ResourceTypeFilters</c>, <c>ResourcesPerPage</c> and <c>PaginationToken</c>.
/// </summary>
internal sealed class TaggingJsonProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    public const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126.";
    private const int MaxPerPage = 100;

    public string? OperationOf(SandboxRequest request) =>
        request.Target == TargetPrefix + "GetResources" ? "GetResources" : null;

    public HttpResponseMessage UnknownOperation(SandboxRequest request) =>
        Error(new SandboxException("UnknownOperationException", $"Unknown operation {request.Target}"), request);

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request) => Json(
        error.Status,
        new JsonObject { ["__type"] = error.Code, ["Message"] = error.Message });

    public HttpResponseMessage Execute(string operation, SandboxRequest request)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body.Length == 0 ? "{}" : request.Body) as JsonObject ?? throw Invalid("The request body must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw new SandboxException("SerializationException", error.Message);
        }

        var filters = (body["TagFilters"] as JsonArray ?? []).Select(f => new SandboxTagFilter(
            f?["Key"]?.GetValue<string>() ?? throw Invalid("TagFilters[].Key is required."),
            [.. (f["Values"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "")])).ToList();
        var types = (body["ResourceTypeFilters"] as JsonArray ?? []).Select(t => t?.GetValue<string>() ?? "").ToList();
        var perPage = body["ResourcesPerPage"]?.GetValue<int>() ?? 50;
        if (perPage is < 1 or > MaxPerPage)
        {
            throw Invalid($"ResourcesPerPage must be between 1 and {MaxPerPage}.");
        }

        var all = cloud.GetTaggedResources(request.Region, filters).Where(r => types.Count == 0 || types.Any(t => OfType(r.Arn, t))).ToList();
        var token = body["PaginationToken"]?.GetValue<string>();
        var start = string.IsNullOrEmpty(token)
            ? 0
            : int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= all.Count
                ? offset
                : throw new SandboxException("PaginationTokenExpiredException", "The pagination token is not valid.");
        var page = all.Skip(start).Take(perPage).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["PaginationToken"] = next,
            ["ResourceTagMappingList"] = new JsonArray([.. page.Select(r => (JsonNode)new JsonObject
            {
                ["ResourceARN"] = r.Arn,
                ["Tags"] = new JsonArray([.. r.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
            })]),
        });
    }

    /// <summary><c>ec2</c> or <c>ec2:vpc</c> against <c>arn:aws:ec2:region:account:vpc/vpc-…</c>.</summary>
    private static bool OfType(string arn, string filter)
    {
        var parts = arn.Split(':', 6);
        var service = parts.Length > 2 ? parts[2] : "";
        var type = parts.Length > 5 ? parts[5].Split('/')[0] : "";
        var wanted = filter.Split(':', 2);
        return wanted[0] == service && (wanted.Length == 1 || wanted[1] == type);
    }

    private static SandboxException Invalid(string message) => new("InvalidParameterException", message);

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
    };
}
