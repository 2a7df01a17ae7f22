using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Http;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Iam;

/// <summary>
/// IAM over its Query protocol: a signed form POST to the partition's global endpoint (commercial:
/// <c>iam.amazonaws.com</c>, signing region us-east-1; China and GovCloud: see <see cref="AwsPartition"/>),
/// an XML answer in the <c>2010-05-08</c> namespace, errors as <c>ErrorResponse/Error/Code</c>.
/// </summary>
public sealed partial class IamClient : IIamClient
{
    public const string ServiceName = "iam";
    public const string ApiVersion = "2010-05-08";

    private readonly AwsHttpSender _sender;
    private readonly string _endpoint;

    /// <param name="endpoint">Where the calls go (<see cref="AwsOptions.EndpointUrl"/>); null: the partition's IAM endpoint.</param>
    public IamClient(HttpClient httpClient, AWSCredentials credentials, AwsOptions options, TimeProvider timeProvider, Uri? endpoint = null)
    {
        var partition = AwsPartition.Of(options.Region);
        _endpoint = endpoint?.ToString() ?? partition.IamEndpoint;
        _sender = new AwsHttpSender(httpClient, credentials, partition.IamSigningRegion, ServiceName, options, timeProvider, ParseError);
    }

    public async Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("CreateRole", ("RoleName", request.RoleName), ("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument), ("Path", request.Path), ("Description", request.Description));
        AddTags(form, request.Tags);
        var (result, requestId) = await CallAsync("CreateRole", form, cancellationToken);
        return new CreateRoleResponse { Role = ReadRole(result.Element(result.Name.Namespace + "Role")), RequestId = requestId };
    }

    public async Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken = default)
    {
        var (result, requestId) = await CallAsync("GetRole", Form("GetRole", ("RoleName", request.RoleName)), cancellationToken);
        return new GetRoleResponse { Role = ReadRole(result.Element(result.Name.Namespace + "Role")), RequestId = requestId };
    }

    public async Task<DeleteRoleResponse> DeleteRoleAsync(DeleteRoleRequest request, CancellationToken cancellationToken = default)
    {
        var (_, requestId) = await CallAsync("DeleteRole", Form("DeleteRole", ("RoleName", request.RoleName)), cancellationToken);
        return new DeleteRoleResponse { RequestId = requestId };
    }

    public async Task<AttachRolePolicyResponse> AttachRolePolicyAsync(AttachRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        var (_, requestId) = await CallAsync("AttachRolePolicy", Form("AttachRolePolicy", ("RoleName", request.RoleName), ("PolicyArn", request.PolicyArn)), cancellationToken);
        return new AttachRolePolicyResponse { RequestId = requestId };
    }

    public async Task<DetachRolePolicyResponse> DetachRolePolicyAsync(DetachRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        var (_, requestId) = await CallAsync("DetachRolePolicy", Form("DetachRolePolicy", ("RoleName", request.RoleName), ("PolicyArn", request.PolicyArn)), cancellationToken);
        return new DetachRolePolicyResponse { RequestId = requestId };
    }

    public async Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("ListAttachedRolePolicies", ("RoleName", request.RoleName), ("Marker", request.Marker), ("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture)));
        var (result, requestId) = await CallAsync("ListAttachedRolePolicies", form, cancellationToken);
        var ns = result.Name.Namespace;
        return new ListAttachedRolePoliciesResponse
        {
            AttachedPolicies = Members(result.Element(ns + "AttachedPolicies"))
                .Select(m => new AttachedPolicy { PolicyName = Text(m, "PolicyName") ?? "", PolicyArn = Text(m, "PolicyArn") ?? "" })
                .ToList(),
            IsTruncated = IsTruncated(result),
            Marker = Text(result, "Marker"),
            RequestId = requestId,
        };
    }

    public async Task<ListRoleTagsResponse> ListRoleTagsAsync(ListRoleTagsRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("ListRoleTags", ("RoleName", request.RoleName), ("Marker", request.Marker), ("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture)));
        var (result, requestId) = await CallAsync("ListRoleTags", form, cancellationToken);
        return new ListRoleTagsResponse
        {
            Tags = ReadTags(result.Element(result.Name.Namespace + "Tags")),
            IsTruncated = IsTruncated(result),
            Marker = Text(result, "Marker"),
            RequestId = requestId,
        };
    }

    public async Task<TagRoleResponse> TagRoleAsync(TagRoleRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("TagRole", ("RoleName", request.RoleName));
        AddTags(form, request.Tags);
        var (_, requestId) = await CallAsync("TagRole", form, cancellationToken);
        return new TagRoleResponse { RequestId = requestId };
    }

    private static List<KeyValuePair<string, string>> Form(string action, params (string Name, string? Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", ApiVersion) };
        form.AddRange(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));
        return form;
    }

    /// <summary>Query-protocol lists are flattened as <c>Tags.member.N.Key</c>, counting from 1.</summary>
    private static void AddTags(List<KeyValuePair<string, string>> form, List<Tag> tags)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            form.Add(new($"Tags.member.{i + 1}.Key", tags[i].Key));
            form.Add(new($"Tags.member.{i + 1}.Value", tags[i].Value));
        }
    }

    private async Task<(XElement Result, string? RequestId)> CallAsync(string action, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(f => $"{SigV4Signer.Encode(f.Key)}={SigV4Signer.Encode(f.Value)}")));
        var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" } } },
            },
            body,
            cancellationToken);

        var root = XDocument.Parse(response.Body).Root ?? throw new InvalidDataException($"IAM {action} answered an empty document.");
        var ns = root.Name.Namespace;
        var result = root.Element(ns + $"{action}Result") ?? new XElement(ns + $"{action}Result");
        var requestId = root.Element(ns + "ResponseMetadata")?.Element(ns + "RequestId")?.Value ?? response.RequestId;
        return (result, requestId);
    }

    private static Role ReadRole(XElement? element)
    {
        if (element is null)
        {
            throw new InvalidDataException("IAM answered without a Role element.");
        }

        var document = Text(element, "AssumeRolePolicyDocument");
        return new Role
        {
            Path = Text(element, "Path") ?? "/",
            RoleName = Text(element, "RoleName") ?? "",
            RoleId = Text(element, "RoleId") ?? "",
            Arn = Text(element, "Arn") ?? "",
            CreateDate = Text(element, "CreateDate") is { } date ? DateTime.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null,
            AssumeRolePolicyDocument = document is null ? null : Uri.UnescapeDataString(document),
            Description = Text(element, "Description"),
            Tags = ReadTags(element.Element(element.Name.Namespace + "Tags")),
        };
    }

    private static List<Tag> ReadTags(XElement? tags) =>
        Members(tags).Select(m => new Tag { Key = Text(m, "Key") ?? "", Value = Text(m, "Value") ?? "" }).ToList();

    private static IEnumerable<XElement> Members(XElement? list) =>
        list?.Elements(list.Name.Namespace + "member") ?? [];

    private static bool IsTruncated(XElement result) =>
        string.Equals(Text(result, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Text(XElement element, string name) => element.Element(element.Name.Namespace + name)?.Value;

    /// <summary>Parses <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
    internal static IamServiceException ParseError(AwsResponse response)
    {
        try
        {
            var root = XDocument.Parse(response.Body).Root;
            var ns = root?.Name.Namespace ?? XNamespace.None;
            var error = root?.Element(ns + "Error") ?? root;
            var code = error?.Element(ns + "Code")?.Value ?? Fallback(response.StatusCode);
            var message = error?.Element(ns + "Message")?.Value ?? $"IAM answered HTTP {(int)response.StatusCode}.";
            var requestId = root?.Element(ns + "RequestId")?.Value ?? response.RequestId;
            return new IamServiceException(message, code, requestId, response.StatusCode);
        }
        catch (System.Xml.XmlException)
        {
            return new IamServiceException($"IAM answered HTTP {(int)response.StatusCode}: {response.Body}", Fallback(response.StatusCode), response.RequestId, response.StatusCode);
        }
    }

    private static string Fallback(HttpStatusCode statusCode) =>
        (int)statusCode >= 500 ? "ServiceUnavailable" : "Unknown";
}
