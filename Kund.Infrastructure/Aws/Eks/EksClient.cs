using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>
/// EKS over its REST-JSON protocol (<c>https://eks.&lt;region&gt;.amazonaws.com</c>, service <c>eks</c>):
/// routes like <c>POST /clusters</c>, errors named by the <c>x-amzn-ErrorType</c> header.
/// </summary>
public sealed partial class EksClient : IEksClient
{
    public const string ServiceName = "eks";

    private readonly AwsHttpSender _sender;
    private readonly string _endpoint;

    /// <param name="endpoint">Where the calls go (<see cref="AwsOptions.EndpointUrl"/>); null: EKS's endpoint for the region. REST paths follow its path.</param>
    public EksClient(HttpClient httpClient, AWSCredentials credentials, string region, AwsOptions options, TimeProvider timeProvider, Uri? endpoint = null)
    {
        Region = region;
        _endpoint = (endpoint ?? EndpointFor(region)).GetLeftPart(UriPartial.Path).TrimEnd('/');
        _sender = new AwsHttpSender(httpClient, credentials, region, ServiceName, options, timeProvider, ParseError);
    }

    public string Region { get; }

    public static Uri EndpointFor(string region) => AwsPartition.RegionalEndpoint("eks", region);

    public async Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<CreateClusterResponse>(HttpMethod.Post, "/clusters", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DescribeClusterResponse>(HttpMethod.Get, $"/clusters/{Uri.EscapeDataString(request.Name)}", null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DeleteClusterResponse> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DeleteClusterResponse>(HttpMethod.Delete, $"/clusters/{Uri.EscapeDataString(request.Name)}", null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query(("maxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)), ("nextToken", request.NextToken));
        var (response, requestId) = await CallAsync<ListClustersResponse>(HttpMethod.Get, "/clusters" + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeClusterVersionsResponse> DescribeClusterVersionsAsync(DescribeClusterVersionsRequest request, CancellationToken cancellationToken = default)
    {
        var fields = new List<(string, string?)>
        {
            ("clusterType", request.ClusterType),
            ("defaultOnly", Bool(request.DefaultOnly)),
            ("includeAll", Bool(request.IncludeAll)),
            ("versionStatus", request.VersionStatus),
            ("maxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)),
            ("nextToken", request.NextToken),
        };
        fields.AddRange((request.ClusterVersions ?? []).Select(v => ("clusterVersions", (string?)v)));
        var (response, requestId) = await CallAsync<DescribeClusterVersionsResponse>(HttpMethod.Get, "/cluster-versions" + Query([.. fields]), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<CreateNodegroupResponse> CreateNodegroupAsync(CreateNodegroupRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<CreateNodegroupResponse>(HttpMethod.Post, $"{ClusterPath(request.ClusterName)}/node-groups", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeNodegroupResponse> DescribeNodegroupAsync(DescribeNodegroupRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DescribeNodegroupResponse>(HttpMethod.Get, NodegroupPath(request.ClusterName, request.NodegroupName), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DeleteNodegroupResponse> DeleteNodegroupAsync(DeleteNodegroupRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DeleteNodegroupResponse>(HttpMethod.Delete, NodegroupPath(request.ClusterName, request.NodegroupName), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<ListNodegroupsResponse> ListNodegroupsAsync(ListNodegroupsRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query(("maxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)), ("nextToken", request.NextToken));
        var (response, requestId) = await CallAsync<ListNodegroupsResponse>(HttpMethod.Get, $"{ClusterPath(request.ClusterName)}/node-groups" + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<UpdateNodegroupConfigResponse> UpdateNodegroupConfigAsync(UpdateNodegroupConfigRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<UpdateNodegroupConfigResponse>(
            HttpMethod.Post, $"{NodegroupPath(request.ClusterName, request.NodegroupName)}/update-config", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<CreateAddonResponse> CreateAddonAsync(CreateAddonRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<CreateAddonResponse>(HttpMethod.Post, $"{ClusterPath(request.ClusterName)}/addons", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeAddonResponse> DescribeAddonAsync(DescribeAddonRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DescribeAddonResponse>(HttpMethod.Get, AddonPath(request.ClusterName, request.AddonName), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DeleteAddonResponse> DeleteAddonAsync(DeleteAddonRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query(("preserve", Bool(request.Preserve)));
        var (response, requestId) = await CallAsync<DeleteAddonResponse>(HttpMethod.Delete, AddonPath(request.ClusterName, request.AddonName) + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeAddonVersionsResponse> DescribeAddonVersionsAsync(DescribeAddonVersionsRequest request, CancellationToken cancellationToken = default)
    {
        var fields = new List<(string, string?)>
        {
            ("kubernetesVersion", request.KubernetesVersion),
            ("addonName", request.AddonName),
            ("maxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)),
            ("nextToken", request.NextToken),
        };
        fields.AddRange((request.Types ?? []).Select(v => ("types", (string?)v)));
        fields.AddRange((request.Publishers ?? []).Select(v => ("publishers", (string?)v)));
        fields.AddRange((request.Owners ?? []).Select(v => ("owners", (string?)v)));
        var (response, requestId) = await CallAsync<DescribeAddonVersionsResponse>(HttpMethod.Get, "/addons/supported-versions" + Query([.. fields]), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<CreateAccessEntryResponse> CreateAccessEntryAsync(CreateAccessEntryRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<CreateAccessEntryResponse>(HttpMethod.Post, $"{ClusterPath(request.ClusterName)}/access-entries", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeAccessEntryResponse> DescribeAccessEntryAsync(DescribeAccessEntryRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DescribeAccessEntryResponse>(HttpMethod.Get, AccessEntryPath(request.ClusterName, request.PrincipalArn), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DeleteAccessEntryResponse> DeleteAccessEntryAsync(DeleteAccessEntryRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DeleteAccessEntryResponse>(HttpMethod.Delete, AccessEntryPath(request.ClusterName, request.PrincipalArn), null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<AssociateAccessPolicyResponse> AssociateAccessPolicyAsync(AssociateAccessPolicyRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<AssociateAccessPolicyResponse>(
            HttpMethod.Post, $"{AccessEntryPath(request.ClusterName, request.PrincipalArn)}/access-policies", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<ListAssociatedAccessPoliciesResponse> ListAssociatedAccessPoliciesAsync(ListAssociatedAccessPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query(("maxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)), ("nextToken", request.NextToken));
        var (response, requestId) = await CallAsync<ListAssociatedAccessPoliciesResponse>(
            HttpMethod.Get, $"{AccessEntryPath(request.ClusterName, request.PrincipalArn)}/access-policies" + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    private static string ClusterPath(string cluster) => $"/clusters/{Uri.EscapeDataString(cluster)}";

    private static string NodegroupPath(string cluster, string nodegroup) => $"{ClusterPath(cluster)}/node-groups/{Uri.EscapeDataString(nodegroup)}";

    private static string AddonPath(string cluster, string addon) => $"{ClusterPath(cluster)}/addons/{Uri.EscapeDataString(addon)}";

    /// <summary>The principal ARN is one path segment: its ':' and '/' are percent-encoded.</summary>
    private static string AccessEntryPath(string cluster, string principalArn) => $"{ClusterPath(cluster)}/access-entries/{Uri.EscapeDataString(principalArn)}";

    private static string? Bool(bool? value) => value switch
    {
        null => null,
        true => "true",
        false => "false",
    };

    private static string Query(params (string Name, string? Value)[] fields)
    {
        var present = fields.Where(f => f.Value is not null).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    /// <summary>
    /// The JSON body. A request with an idempotency token (<c>clientRequestToken</c>) the caller left empty gets
    /// one, a UUID, as AWS's own clients make it: the body is built once, so every retry of this call carries the
    /// same token and EKS applies the call once; the next call gets a new one. The caller's request is not changed.
    /// </summary>
    private static byte[] Serialize(object payload)
    {
        if (payload.GetType().GetProperty(nameof(CreateClusterRequest.ClientRequestToken)) is not { } token || token.GetValue(payload) is not null)
        {
            return JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), EksJson.Options);
        }

        var node = JsonSerializer.SerializeToNode(payload, payload.GetType(), EksJson.Options)!;
        node["clientRequestToken"] = Guid.NewGuid().ToString();
        return JsonSerializer.SerializeToUtf8Bytes(node, EksJson.Options);
    }

    private async Task<(TResponse Response, string? RequestId)> CallAsync<TResponse>(HttpMethod method, string pathAndQuery, object? payload, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var body = payload is null ? [] : Serialize(payload);
        var uri = new Uri(_endpoint + pathAndQuery);
        var response = await _sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, uri);
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } };
                }

                return request;
            },
            body,
            cancellationToken);

        var parsed = string.IsNullOrWhiteSpace(response.Body)
            ? new TResponse()
            : JsonSerializer.Deserialize<TResponse>(response.Body, EksJson.Options) ?? new TResponse();
        return (parsed, response.RequestId);
    }

    /// <summary>
    /// The error code is the <c>x-amzn-ErrorType</c> header up to its first colon (AWS may append a
    /// namespace URI), else the body's <c>__type</c> or <c>code</c>; the message is the body's <c>message</c>.
    /// </summary>
    internal static EksServiceException ParseError(AwsResponse response)
    {
        string? code = response.ErrorTypeHeader;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(response.Body) ? "{}" : response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("message") || property.NameEquals("Message"))
                    {
                        message = property.Value.GetString();
                    }
                    else if (code is null && (property.NameEquals("__type") || property.NameEquals("code")))
                    {
                        code = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = response.Body;
        }

        code = Clean(code) ?? ((int)response.StatusCode >= 500 ? "ServiceUnavailableException" : "Unknown");
        return new EksServiceException(message ?? $"EKS answered HTTP {(int)response.StatusCode}.", code, response.RequestId, response.StatusCode);
    }

    private static string? Clean(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var name = colon >= 0 ? code[..colon] : code;
        var hash = name.LastIndexOf('#');
        return hash >= 0 ? name[(hash + 1)..] : name;
    }
}
