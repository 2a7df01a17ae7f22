using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The IAM Query API (version 2010-05-08): <c>&lt;XResponse&gt;&lt;XResult&gt;…</c> and <c>&lt;ErrorResponse&gt;</c>.</summary>
internal sealed class IamQueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
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
                return Result(operation, request, TagsXml(cloud.GetRole(roleName).Tags), E("IsTruncated", "false"));
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
                cloud.AttachRolePolicy(roleName, p.Get("PolicyArn"));
                return Result(operation, request);
            case "DetachRolePolicy":
                cloud.DetachRolePolicy(roleName, p.Get("PolicyArn"));
                return Result(operation, request);
            case "ListAttachedRolePolicies":
                var policies = cloud.ListAttachedRolePolicies(roleName);
                return Result(
                    operation,
                    request,
                    E("AttachedPolicies", policies.Select(arn => E("member", E("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]), E("PolicyArn", arn))).ToArray()),
                    E("IsTruncated", "false"));
            default:
                return UnknownOperation(request);
        }
    }

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

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
