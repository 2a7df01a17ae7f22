using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Tagging;

/// <summary>
/// The Resource Groups Tagging API over JSON 1.1: a signed POST to the regional endpoint naming the operation
/// in <c>X-Amz-Target</c> (<c>ResourceGroupsTaggingAPI_20170126.GetResources</c>); errors as <c>{"__type","Message"}</c>.
/// </summary>
public sealed class TaggingClient : ITaggingClient
{
    public const string ServiceName = "tagging";
    public const string ApiVersion = "2017-01-26";
    public const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126.";
    private const int ResourcesPerPage = 100;

    private readonly AwsHttpSender _sender;
    private readonly Uri _endpoint;

    /// <param name="endpoint">Where the calls go (<see cref="AwsOptions.EndpointUrl"/>); null: the service's endpoint for the region.</param>
    public TaggingClient(HttpClient httpClient, AWSCredentials credentials, string region, AwsOptions options, TimeProvider timeProvider, Uri? endpoint = null)
    {
        _endpoint = endpoint ?? EndpointFor(region);
        _sender = new AwsHttpSender(httpClient, credentials, region, ServiceName, options, timeProvider, ParseError);
    }

    public static Uri EndpointFor(string region) => AwsPartition.RegionalEndpoint("tagging", region, trailingSlash: true);

    public async Task<GetResourcesPage> GetResourcesAsync(IReadOnlyList<TagFilter> tagFilters, string? paginationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagFilters);
        var request = new JsonObject
        {
            ["TagFilters"] = new JsonArray([.. tagFilters.Select(f => (JsonNode)new JsonObject
            {
                ["Key"] = f.Key,
                ["Values"] = new JsonArray([.. f.Values.Select(v => (JsonNode)JsonValue.Create(v))]),
            })]),
            ["ResourcesPerPage"] = ResourcesPerPage,
        };
        if (!string.IsNullOrEmpty(paginationToken))
        {
            request["PaginationToken"] = paginationToken;
        }

        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        var response = await _sender.SendAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
                {
                    Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-amz-json-1.1" } } },
                };
                message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + "GetResources");
                return message;
            },
            body,
            cancellationToken);

        var root = JsonNode.Parse(response.Body) ?? throw new InvalidDataException("GetResources answered an empty document.");
        var resources = (root["ResourceTagMappingList"] as JsonArray ?? []).Select(item => new TaggedResource(
            item?["ResourceARN"]?.GetValue<string>() ?? "",
            (item?["Tags"] as JsonArray ?? []).ToDictionary(
                t => t?["Key"]?.GetValue<string>() ?? "",
                t => t?["Value"]?.GetValue<string>() ?? "",
                StringComparer.Ordinal))).ToList();
        var next = root["PaginationToken"]?.GetValue<string>();
        return new GetResourcesPage(resources, string.IsNullOrEmpty(next) ? null : next);
    }

    internal static TaggingServiceException ParseError(AwsResponse response)
    {
        try
        {
            var root = JsonNode.Parse(response.Body);
            var type = root?["__type"]?.GetValue<string>() ?? response.ErrorTypeHeader ?? Fallback(response.StatusCode);

            // JSON 1.1 may qualify the type: "com.amazonaws.tagging#InvalidParameterException".
            var code = type[(type.LastIndexOf('#') + 1)..];
            var message = root?["Message"]?.GetValue<string>() ?? root?["message"]?.GetValue<string>() ?? $"Tagging answered HTTP {(int)response.StatusCode}.";
            return new TaggingServiceException(message, code, response.RequestId, response.StatusCode);
        }
        catch (JsonException)
        {
            return new TaggingServiceException($"Tagging answered HTTP {(int)response.StatusCode}: {response.Body}", Fallback(response.StatusCode), response.RequestId, response.StatusCode);
        }
    }

    private static string Fallback(HttpStatusCode statusCode) => (int)statusCode >= 500 ? "ServiceUnavailable" : "Unknown";
}
