using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The IAM Query API (version 2010-05-08): <c>&lt;XResponse&gt;&lt;XResult&gt;…</c> and <c>&lt;ErrorResponse&gt;</c>.</summary>
internal sealed class IamQueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    /// <summary>Small on purpose (IAM may answer fewer than asked), so a caller that ignores <c>IsTruncated</c> sees part of the answer.</summary>
    internal const int ListPageSize = 10;

    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static readonly HashSet<string> Operations =
    [
        "CreateRole", "GetRole", "ListRoleTags", "TagRole", "UntagRole", "UpdateAssumeRolePolicy", "DeleteRole",
        "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies",
    ];

    public string? OperationOf(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return action is not null && Operations.Contains(action) ? action : null;
    }

    public HttpResponseMessage UnknownOperation(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return Error(new SandboxException("InvalidAction", $"Could not find operation {action} for version 2010-05-08"), request);
    }

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request) => Xml(
        error.Status,
        new XElement(
            Ns + "ErrorResponse",
            new XElement(
                Ns + "Error",
                new XElement(Ns + "Type", (int)error.Status >= 500 ? "Receiver" : "Sender"),
                new XElement(Ns + "Code", error.Code),
                new XElement(Ns + "Message", error.Message)),
            new XElement(Ns + "RequestId", request.RequestId)));

    public HttpResponseMessage Execute(string operation, SandboxRequest request)
    {
        var p = QueryParameters.Parse(request.Query, request.Body);
        var roleName = p.Get("RoleName");
        switch (operation)
        {
            case "CreateRole":
                var created = cloud.CreateRole(
                    roleName, p.Get("Path"), p.Get("AssumeRolePolicyDocument"), p.Get("Description"), p.GetInt("MaxSessionDuration"), p.Tags("Tags.member"));
                return Result(operation, request, RoleXml(created));
            case "GetRole":
                return Result(operation, request, RoleXml(cloud.GetRole(roleName)));
            case "ListRoleTags":
                var (tags, tagsMarker) = Paged([.. cloud.GetRole(roleName).Tags.OrderBy(t => t.Key, StringComparer.Ordinal)], p);
                return Result(operation, request, [TagsXml(tags.ToDictionary(StringComparer.Ordinal)), .. Truncation(tagsMarker)]);
            case "TagRole":
                cloud.TagRole(roleName, p.Tags("Tags.member"));
                return Result(operation, request);
            case "UntagRole":
                cloud.UntagRole(roleName, p.List("TagKeys.member"));
                return Result(operation, request);
            case "UpdateAssumeRolePolicy":
                cloud.UpdateAssumeRolePolicy(roleName, p.Get("PolicyDocument"));
                return Result(operation, request);
            case "DeleteRole":
                cloud.DeleteRole(roleName);
                return Result(operation, request);
            case "AttachRolePolicy":
                cloud.AttachRolePolicy(roleName, p.Get("PolicyArn"), request.Region);
                return Result(operation, request);
            case "DetachRolePolicy":
                cloud.DetachRolePolicy(roleName, p.Get("PolicyArn"));
                return Result(operation, request);
            case "ListAttachedRolePolicies":
                var (policies, policiesMarker) = Paged(cloud.ListAttachedRolePolicies(roleName), p);
                return Result(
                    operation,
                    request,
                    [E("AttachedPolicies", policies.Select(arn => E("member", E("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]), E("PolicyArn", arn))).ToArray()),
                        .. Truncation(policiesMarker)]);
            default:
                return UnknownOperation(request);
        }
    }

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>
    /// IAM's paging: at most <c>MaxItems</c> (1–1000, 100 when not given), resumed from <c>Marker</c>. IAM
    /// documents that it may answer fewer items than asked while more remain, so callers must follow
    /// <c>IsTruncated</c>; the sandbox does, at most <see cref="ListPageSize"/> a page.
    /// </summary>
    private static (List<T> Page, string? Marker) Paged<T>(IReadOnlyList<T> items, QueryParameters p)
    {
        var asked = SandboxPages.Asked(
            p.Get("MaxItems"),
            1,
            1000,
            max => new SandboxException("ValidationError", $"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"));
        return SandboxPages.Take(items, Math.Min(asked ?? 100, ListPageSize), p.Get("Marker"), () => new SandboxException("InvalidInput", "Invalid Marker."));
    }

    private static object?[] Truncation(string? marker) =>
        marker is null ? [E("IsTruncated", "false")] : [E("IsTruncated", "true"), E("Marker", marker)];

    /// <summary>
    /// <c>&lt;XResponse&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata/&gt;</c>; operations that
    /// return nothing carry only the metadata, as IAM's do.
    /// </summary>
    private static HttpResponseMessage Result(string action, SandboxRequest request, params object?[] result) => Xml(
        HttpStatusCode.OK,
        new XElement(
            Ns + $"{action}Response",
            result.Length == 0 ? null : E($"{action}Result", result),
            E("ResponseMetadata", E("RequestId", request.RequestId))));

    private static XElement RoleXml(SandboxRole role) => E(
        "Role",
        E("Path", role.Path),
        E("RoleName", role.Name),
        E("RoleId", role.Id),
        E("Arn", role.Arn),
        E("CreateDate", role.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        E("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)),
        role.Description is null ? null : E("Description", role.Description),
        E("MaxSessionDuration", role.MaxSessionDuration),
        role.Tags.Count == 0 ? null : TagsXml(role.Tags));

    private static XElement TagsXml(IReadOnlyDictionary<string, string> tags) =>
        E("Tags", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => E("member", E("Key", t.Key), E("Value", t.Value))).ToArray());

    private static HttpResponseMessage Xml(HttpStatusCode status, XElement root) => new(status)
    {
        Content = new StringContent(root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
    };
}
