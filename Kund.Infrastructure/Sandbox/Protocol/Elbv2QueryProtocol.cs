using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The ELBv2 Query API (version 2015-12-01), the operations a teardown needs: <c>DescribeLoadBalancers</c>
/// (paged by <c>Marker</c>), <c>DescribeTags</c> (at most 20 ARNs) and <c>DeleteLoadBalancer</c>.
/// Answers are <c>&lt;XResponse&gt;&lt;XResult&gt;</c>, errors <c>&lt;ErrorResponse&gt;</c>, as IAM's.
/// </summary>
internal sealed class Elbv2QueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    public const int MaxTagArns = 20;
    private const int DefaultPageSize = 400;
    private static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static readonly HashSet<string> Operations = ["DescribeLoadBalancers", "DescribeTags", "DeleteLoadBalancer"];

    public string? OperationOf(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return action is not null && Operations.Contains(action) ? action : null;
    }

    public HttpResponseMessage UnknownOperation(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return Error(new SandboxException("InvalidAction", $"Could not find operation {action} for version 2015-12-01"), request);
    }

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request) => Xml(
        error.Status,
        new XElement(
            Ns + "ErrorResponse",
            E("Error", E("Type", (int)error.Status >= 500 ? "Receiver" : "Sender"), E("Code", error.Code), E("Message", error.Message)),
            E("RequestId", request.RequestId)));

    public HttpResponseMessage Execute(string operation, SandboxRequest request)
    {
        var p = QueryParameters.Parse(request.Query, request.Body);
        switch (operation)
        {
            case "DescribeLoadBalancers":
                return DescribeLoadBalancers(request, p);
            case "DescribeTags":
                var arns = p.List("ResourceArns.member");
                if (arns.Count > MaxTagArns)
                {
                    throw new SandboxException("ValidationError", $"1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to {MaxTagArns}");
                }

                var tagged = cloud.DescribeLoadBalancerTags(request.Region, arns);
                return Result(operation, request, E("TagDescriptions", tagged.Select(b => E(
                    "member",
                    E("ResourceArn", b.Arn),
                    E("Tags", b.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => E("member", E("Key", t.Key), E("Value", t.Value))).ToArray()))).ToArray()));
            case "DeleteLoadBalancer":
                cloud.DeleteLoadBalancer(request.Region, p.Get("LoadBalancerArn"));
                return Result(operation, request);
            default:
                return UnknownOperation(request);
        }
    }

    private HttpResponseMessage DescribeLoadBalancers(SandboxRequest request, QueryParameters p)
    {
        var pageSize = p.GetInt("PageSize") ?? DefaultPageSize;
        if (pageSize is < 1 or > DefaultPageSize)
        {
            throw new SandboxException("ValidationError", $"1 validation error detected: Value '{pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and {DefaultPageSize}");
        }

        var all = cloud.DescribeLoadBalancers(request.Region, p.List("LoadBalancerArns.member"), p.List("Names.member"));
        var start = p.Get("Marker") is { Length: > 0 } marker
            ? int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= all.Count
                ? offset
                : throw new SandboxException("ValidationError", "The marker is not valid.")
            : 0;
        var page = all.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Result(
            "DescribeLoadBalancers",
            request,
            E("LoadBalancers", page.Select(LoadBalancerXml).ToArray()),
            next is null ? null : E("NextMarker", next));
    }

    private XElement LoadBalancerXml(SandboxLoadBalancer balancer)
    {
        var subnets = cloud.DescribeSubnets(balancer.Region).Where(s => balancer.SubnetIds.Contains(s.Id)).ToList();
        return E(
            "member",
            E("LoadBalancerArn", balancer.Arn),
            E("DNSName", balancer.DnsName),
            E("CanonicalHostedZoneId", "Z26RNL4JYFTOTI"),
            E("CreatedTime", balancer.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            E("LoadBalancerName", balancer.Name),
            E("Scheme", balancer.Scheme),
            E("VpcId", balancer.VpcId),
            E("State", E("Code", "active")),
            E("Type", balancer.Type),
            E("AvailabilityZones", balancer.SubnetIds.Select(id => E(
                "member",
                E("ZoneName", subnets.FirstOrDefault(s => s.Id == id)?.AvailabilityZone ?? ""),
                E("SubnetId", id))).ToArray()),
            E("SecurityGroups", balancer.SecurityGroupIds.Select(g => E("member", g)).ToArray()),
            E("IpAddressType", "ipv4"));
    }

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

    private static HttpResponseMessage Result(string action, SandboxRequest request, params object?[] result) => Xml(
        HttpStatusCode.OK,
        new XElement(Ns + $"{action}Response", E($"{action}Result", result), E("ResponseMetadata", E("RequestId", request.RequestId))));

    private static HttpResponseMessage Xml(HttpStatusCode status, XElement root) => new(status)
    {
        Content = new StringContent(root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
    };
}
