using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Elbv2;

/// <summary>
/// ELBv2 over its Query protocol (version <c>2015-12-01</c>): a signed form POST to the regional endpoint,
/// an XML answer <c>&lt;XResponse&gt;&lt;XResult&gt;</c>, errors as <c>ErrorResponse/Error/Code</c>.
/// </summary>
public sealed class Elbv2Client : IElbv2Client
{
    public const string ServiceName = "elasticloadbalancing";
    public const string ApiVersion = "2015-12-01";

    /// <summary>DescribeTags takes at most this many ARNs per call.</summary>
    public const int MaxTagArns = 20;

    private readonly AwsHttpSender _sender;
    private readonly Uri _endpoint;

    /// <param name="endpoint">Where the calls go (<see cref="AwsOptions.EndpointUrl"/>); null: the service's endpoint for the region.</param>
    public Elbv2Client(HttpClient httpClient, AWSCredentials credentials, string region, AwsOptions options, TimeProvider timeProvider, Uri? endpoint = null)
    {
        _endpoint = endpoint ?? EndpointFor(region);
        _sender = new AwsHttpSender(httpClient, credentials, region, ServiceName, options, timeProvider, ParseError);
    }

    public static Uri EndpointFor(string region) => AwsPartition.RegionalEndpoint("elasticloadbalancing", region, trailingSlash: true);

    public async Task<DescribeLoadBalancersPage> DescribeLoadBalancersAsync(IReadOnlyList<string>? arns = null, string? marker = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var form = Form("DescribeLoadBalancers", ("Marker", marker), ("PageSize", pageSize?.ToString(CultureInfo.InvariantCulture)));
        AddMembers(form, "LoadBalancerArns", arns ?? []);
        var result = await CallAsync("DescribeLoadBalancers", form, cancellationToken);
        var ns = result.Name.Namespace;
        var balancers = Members(result.Element(ns + "LoadBalancers")).Select(m => new LoadBalancer(
            Text(m, "LoadBalancerArn") ?? "",
            Text(m, "LoadBalancerName") ?? "",
            Text(m, "VpcId"),
            Text(m, "Type"),
            Text(m, "Scheme"),
            m.Element(ns + "State")?.Element(ns + "Code")?.Value,
            [.. Members(m.Element(ns + "AvailabilityZones")).Select(z => Text(z, "SubnetId")).OfType<string>()],
            [.. Members(m.Element(ns + "SecurityGroups")).Select(g => g.Value)])).ToList();
        return new DescribeLoadBalancersPage(balancers, Text(result, "NextMarker") is { Length: > 0 } next ? next : null);
    }

    public async Task<IReadOnlyList<LoadBalancerTags>> DescribeTagsAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arns);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(arns.Count, MaxTagArns, nameof(arns));
        var form = Form("DescribeTags");
        AddMembers(form, "ResourceArns", arns);
        var result = await CallAsync("DescribeTags", form, cancellationToken);
        var ns = result.Name.Namespace;
        return [.. Members(result.Element(ns + "TagDescriptions")).Select(d => new LoadBalancerTags(
            Text(d, "ResourceArn") ?? "",
            Members(d.Element(ns + "Tags")).ToDictionary(t => Text(t, "Key") ?? "", t => Text(t, "Value") ?? "", StringComparer.Ordinal)))];
    }

    public Task DeleteLoadBalancerAsync(string arn, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteLoadBalancer", Form("DeleteLoadBalancer", ("LoadBalancerArn", arn)), cancellationToken);

    private static List<KeyValuePair<string, string>> Form(string action, params (string Name, string? Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", ApiVersion) };
        form.AddRange(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));
        return form;
    }

    /// <summary>Query-protocol lists: <c>Name.member.N</c>, counting from 1.</summary>
    private static void AddMembers(List<KeyValuePair<string, string>> form, string name, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            form.Add(new($"{name}.member.{(i + 1).ToString(CultureInfo.InvariantCulture)}", values[i]));
        }
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(f => $"{SigV4Signer.Encode(f.Key)}={SigV4Signer.Encode(f.Value)}")));
        var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" } } },
            },
            body,
            cancellationToken);
        var root = XDocument.Parse(response.Body).Root ?? throw new InvalidDataException($"ELBv2 {action} answered an empty document.");
        return root.Element(root.Name.Namespace + $"{action}Result") ?? new XElement(root.Name.Namespace + $"{action}Result");
    }

    private static IEnumerable<XElement> Members(XElement? list) => list?.Elements(list.Name.Namespace + "member") ?? [];

    private static string? Text(XElement element, string name) => element.Element(element.Name.Namespace + name)?.Value;

    internal static Elbv2ServiceException ParseError(AwsResponse response)
    {
        try
        {
            var root = XDocument.Parse(response.Body).Root;
            var ns = root?.Name.Namespace ?? XNamespace.None;
            var error = root?.Element(ns + "Error") ?? root;
            var code = error?.Element(ns + "Code")?.Value ?? Fallback(response.StatusCode);
            var message = error?.Element(ns + "Message")?.Value ?? $"ELBv2 answered HTTP {(int)response.StatusCode}.";
            return new Elbv2ServiceException(message, code, root?.Element(ns + "RequestId")?.Value ?? response.RequestId, response.StatusCode);
        }
        catch (System.Xml.XmlException)
        {
            return new Elbv2ServiceException($"ELBv2 answered HTTP {(int)response.StatusCode}: {response.Body}", Fallback(response.StatusCode), response.RequestId, response.StatusCode);
        }
    }

    private static string Fallback(HttpStatusCode statusCode) => (int)statusCode >= 500 ? "ServiceUnavailable" : "Unknown";
}
