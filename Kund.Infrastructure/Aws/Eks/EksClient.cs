using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>
/// EKS over its REST-JSON protocol (<c>https://eks.&lt;region&gt;.amazonaws.com</c>, service <c>eks</c>):
/// routes like <c>POST /clusters</c>, errors named by the <c>x-amzn-ErrorType</c> header.
/// </summary>
public sealed class EksClient : IEksClient
{
    public const string ServiceName = "eks";

    private readonly AwsHttpSender _sender;
    private readonly Uri _endpoint;

    public EksClient(HttpClient httpClient, AWSCredentials credentials, string region, AwsOptions options, TimeProvider timeProvider)
    {
        Region = region;
        _endpoint = EndpointFor(region);
        _sender = new AwsHttpSender(httpClient, credentials, region, ServiceName, options, timeProvider, ParseError);
    }

    public string Region { get; }

    public static Uri EndpointFor(string region) => new($"https://eks.{region}.amazonaws.com");

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

    private async Task<(TResponse Response, string? RequestId)> CallAsync<TResponse>(HttpMethod method, string pathAndQuery, object? payload, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var body = payload is null ? [] : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), EksJson.Options);
        var uri = new Uri(_endpoint, pathAndQuery);
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
