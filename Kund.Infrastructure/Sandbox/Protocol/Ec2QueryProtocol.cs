using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The EC2 Query API (version 2016-11-15) over the sandbox cloud.</summary>
internal sealed partial class Ec2QueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    internal static readonly HashSet<string> Operations =
    [
        "CreateVpc", "ModifyVpcAttribute", "DescribeVpcAttribute", "DescribeVpcs", "DeleteVpc",
        "CreateSubnet", "ModifySubnetAttribute", "DescribeSubnets", "DeleteSubnet",
        "CreateInternetGateway", "AttachInternetGateway", "DetachInternetGateway", "DescribeInternetGateways", "DeleteInternetGateway",
        "AllocateAddress", "DescribeAddresses", "ReleaseAddress",
        "CreateNatGateway", "DescribeNatGateways", "DeleteNatGateway",
        "CreateRouteTable", "CreateRoute", "ReplaceRoute", "DeleteRoute", "AssociateRouteTable", "DisassociateRouteTable", "ReplaceRouteTableAssociation", "DescribeRouteTables", "DeleteRouteTable",
        "CreateTags", "DeleteTags", "DescribeAvailabilityZones", "DescribeRegions", "DescribeInstanceTypeOfferings",
        "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DeleteSecurityGroup",
    ];

    public string? OperationOf(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return action is not null && Operations.Contains(action) ? action : null;
    }

    public HttpResponseMessage UnknownOperation(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return action is null
            ? Error(new SandboxException("MissingAction", "The request must contain the parameter Action"), request)
            : Error(new SandboxException("InvalidAction", $"The action {action} is not valid for this web service."), request);
    }

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request) => Ec2Xml.Error(error, request.RequestId);

    public HttpResponseMessage Execute(string operation, SandboxRequest request)
    {
        var p = QueryParameters.Parse(request.Query, request.Body);
        var region = request.Region;
        var id = request.RequestId;
        var filters = Ec2Filter.Read(p);
        if (p.GetBool("DryRun") == true)
        {
            throw new SandboxException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", System.Net.HttpStatusCode.PreconditionFailed);
        }

        return operation switch
        {
            "CreateVpc" => Response(operation, id, VpcXml("vpc", cloud.CreateVpc(region, p.Get("CidrBlock"), p.Get("InstanceTenancy"), SpecTags(p)), "pending")),
            "ModifyVpcAttribute" => ModifyVpcAttribute(region, p, id),
            "DescribeVpcAttribute" => DescribeVpcAttribute(region, p, id),
            "DescribeVpcs" => Described(operation, id, p, "VpcId", "vpcSet", cloud.DescribeVpcs(region, p.List("VpcId")), v => FilterVpcs(v, filters), v => VpcXml(null, v, "available").Nodes().ToArray()),
            "DeleteVpc" => Done(operation, id, () => cloud.DeleteVpc(region, p.Get("VpcId"))),
            "CreateSubnet" => Response(operation, id, SubnetXml("subnet", cloud.CreateSubnet(region, p.Get("VpcId"), p.Get("CidrBlock"), p.Get("AvailabilityZone"), p.Get("AvailabilityZoneId"), SpecTags(p)))),
            "ModifySubnetAttribute" => Done(operation, id, () => cloud.ModifySubnetAttribute(region, p.Get("SubnetId"), p.GetBool("MapPublicIpOnLaunch.Value"))),
            "DescribeSubnets" => Described(operation, id, p, "SubnetId", "subnetSet", cloud.DescribeSubnets(region, p.List("SubnetId")), s => FilterSubnets(s, filters), s => SubnetXml(null, s).Nodes().ToArray()),
            "DeleteSubnet" => Done(operation, id, () => cloud.DeleteSubnet(region, p.Get("SubnetId"))),
            "CreateInternetGateway" => Response(operation, id, GatewayXml("internetGateway", cloud.CreateInternetGateway(region, SpecTags(p)))),
            "AttachInternetGateway" => Done(operation, id, () => cloud.AttachInternetGateway(region, p.Get("InternetGatewayId"), p.Get("VpcId"))),
            "DetachInternetGateway" => Done(operation, id, () => cloud.DetachInternetGateway(region, p.Get("InternetGatewayId"), p.Get("VpcId"))),
            "DescribeInternetGateways" => Described(operation, id, p, "InternetGatewayId", "internetGatewaySet", cloud.DescribeInternetGateways(region, p.List("InternetGatewayId")), g => FilterGateways(g, filters), g => GatewayXml(null, g).Nodes().ToArray()),
            "DeleteInternetGateway" => Done(operation, id, () => cloud.DeleteInternetGateway(region, p.Get("InternetGatewayId"))),
            "AllocateAddress" => AllocateAddress(region, p, id),
            "DescribeAddresses" => Response(operation, id, Set("addressesSet", FilterAddresses(cloud.DescribeAddresses(region, p.List("AllocationId")), p.List("PublicIp"), filters), AddressXml)),
            "ReleaseAddress" => Done(operation, id, () => cloud.ReleaseAddress(region, p.Get("AllocationId"))),
            "CreateNatGateway" => CreateNatGateway(region, p, id),
            "DescribeNatGateways" => Described(operation, id, p, "NatGatewayId", "natGatewaySet", cloud.DescribeNatGateways(region, p.List("NatGatewayId")), n => FilterNatGateways(n, filters), n => NatXml(null, n).Nodes().ToArray()),
            "DeleteNatGateway" => Response(operation, id, E("natGatewayId", cloud.DeleteNatGateway(region, p.Get("NatGatewayId")).Id)),
            "CreateRouteTable" => CreateRouteTable(region, p, id),
            "CreateRoute" => Done(operation, id, () => cloud.CreateRoute(region, p.Get("RouteTableId"), p.Get("DestinationCidrBlock"), p.Get("GatewayId"), p.Get("NatGatewayId"))),
            "ReplaceRoute" => Done(operation, id, () => cloud.ReplaceRoute(region, p.Get("RouteTableId"), p.Get("DestinationCidrBlock"), p.Get("GatewayId"), p.Get("NatGatewayId"))),
            "DeleteRoute" => Done(operation, id, () => cloud.DeleteRoute(region, p.Get("RouteTableId"), p.Get("DestinationCidrBlock"))),
            "AssociateRouteTable" => Response(operation, id, E("associationId", cloud.AssociateRouteTable(region, p.Get("RouteTableId"), p.Get("SubnetId"))), E("associationState", E("state", "associated"))),
            "DisassociateRouteTable" => Done(operation, id, () => cloud.DisassociateRouteTable(region, p.Get("AssociationId"))),
            "ReplaceRouteTableAssociation" => Response(operation, id, E("newAssociationId", cloud.ReplaceRouteTableAssociation(region, p.Get("AssociationId"), p.Get("RouteTableId"))), E("associationState", E("state", "associated"))),
            "DescribeRouteTables" => Described(operation, id, p, "RouteTableId", "routeTableSet", cloud.DescribeRouteTables(region, p.List("RouteTableId")), r => FilterRouteTables(r, filters), r => RouteTableXml(null, r).Nodes().ToArray(), maxPage: 100),
            "DeleteRouteTable" => Done(operation, id, () => cloud.DeleteRouteTable(region, p.Get("RouteTableId"))),
            "CreateTags" => Done(operation, id, () => cloud.CreateTags(region, p.List("ResourceId"), p.Tags("Tag"))),
            "DeleteTags" => Done(operation, id, () => cloud.DeleteTags(region, p.List("ResourceId"), [.. p.Members("Tag").Select(m => new KeyValuePair<string, string?>(p.Get($"{m}.Key")!, p.Get($"{m}.Value")))])),
            "DescribeAvailabilityZones" => DescribeAvailabilityZones(region, p, filters, id),
            "DescribeRegions" => Response(operation, id, Set(
                "regionInfo",
                SandboxRegions.All.Where(r => p.List("RegionName") is not { Count: > 0 } names || names.Contains(r.Name)),
                r => [E("regionName", r.Name), E("regionEndpoint", $"ec2.{r.Name}.amazonaws.com"), E("optInStatus", "opt-in-not-required")])),
            "DescribeInstanceTypeOfferings" => DescribeInstanceTypeOfferings(region, p, filters, id),
            _ => ExecuteLoadBalancerDependents(operation, region, p, filters, id) ?? UnknownOperation(request),
        };
    }

    /// <summary>
    /// A Describe answer as EC2 pages it: everything when no <c>MaxResults</c> is asked for; otherwise at most
    /// that many (5 to <paramref name="maxPage"/>) with a <c>nextToken</c> for the rest. As in EC2, filters
    /// apply to each page after it is cut, so a page may hold fewer items than asked (even none) while a
    /// token follows. <c>MaxResults</c> with ids is <c>InvalidParameterCombination</c> (no
    /// <paramref name="idParameter"/>: the operation takes no ids).
    /// </summary>
    private static HttpResponseMessage Described<T>(
        string operation, string requestId, QueryParameters p, string? idParameter, string setName,
        IReadOnlyList<T> all, Func<IEnumerable<T>, IEnumerable<T>> filter, Func<T, object?[]> item, int maxPage = 1000)
    {
        var asked = SandboxPages.Asked(
            p.Get("MaxResults"),
            5,
            maxPage,
            max => new SandboxException("InvalidParameterValue", $"Value ( {max} ) for parameter maxResults is invalid. Parameter must be between 5 and {maxPage}."));
        if (asked is null)
        {
            return Response(operation, requestId, Set(setName, filter(all), item));
        }

        if (idParameter is not null && p.List(idParameter).Count > 0)
        {
            throw new SandboxException("InvalidParameterCombination", $"The parameter {idParameter}s cannot be used with the parameter maxResults");
        }

        var (page, next) = SandboxPages.Take(all, asked.Value, p.Get("NextToken"), () => new SandboxException("InvalidPaginationToken", "The pagination token is not valid or has expired."));
        return Response(operation, requestId, Set(setName, filter(page), item), next is null ? null : E("nextToken", next));
    }

    private static HttpResponseMessage Done(string action, string requestId, Action run)
    {
        run();
        return Return(action, requestId);
    }

    private static Dictionary<string, string> SpecTags(QueryParameters p)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in p.Members("TagSpecification"))
        {
            foreach (var (key, value) in p.Tags($"{spec}.Tag"))
            {
                tags[key] = value;
            }
        }

        return tags;
    }

    private HttpResponseMessage ModifyVpcAttribute(string region, QueryParameters p, string id)
    {
        cloud.ModifyVpcAttribute(region, p.Get("VpcId"), p.GetBool("EnableDnsSupport.Value"), p.GetBool("EnableDnsHostnames.Value"));
        return Return("ModifyVpcAttribute", id);
    }

    private HttpResponseMessage DescribeVpcAttribute(string region, QueryParameters p, string id)
    {
        var vpc = cloud.GetVpc(region, p.Get("VpcId"));
        var attribute = p.Get("Attribute");
        var value = attribute switch
        {
            "enableDnsSupport" => E("enableDnsSupport", E("value", Bool(vpc.EnableDnsSupport))),
            "enableDnsHostnames" => E("enableDnsHostnames", E("value", Bool(vpc.EnableDnsHostnames))),
            null => throw new SandboxException("MissingParameter", "The request must contain the parameter attribute"),
            _ => throw new SandboxException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Unknown attribute."),
        };
        return Response("DescribeVpcAttribute", id, E("vpcId", vpc.Id), value);
    }

    private HttpResponseMessage AllocateAddress(string region, QueryParameters p, string id)
    {
        if (p.Get("Domain") is { } domain and not "vpc")
        {
            throw new SandboxException("InvalidParameterValue", $"Value ({domain}) for parameter domain is invalid.");
        }

        var address = cloud.AllocateAddress(region, SpecTags(p));
        return Response(
            "AllocateAddress", id,
            E("publicIp", address.PublicIp), E("domain", "vpc"), E("allocationId", address.AllocationId),
            E("publicIpv4Pool", "amazon"), E("networkBorderGroup", region));
    }

    private HttpResponseMessage CreateNatGateway(string region, QueryParameters p, string id)
    {
        if (p.Get("ConnectivityType") is { } type and not "public")
        {
            throw new SandboxException("InvalidParameterValue", $"Value ({type}) for parameter connectivityType is not supported by the sandbox.");
        }

        var token = p.Get("ClientToken");
        var nat = p.Get("AvailabilityMode") switch
        {
            null or "zonal" => cloud.CreateNatGateway(region, p.Get("SubnetId"), p.Get("AllocationId"), token, SpecTags(p)),
            "regional" => CreateRegionalNatGateway(region, p, token),
            var mode => throw new SandboxException("InvalidParameterValue", $"Value ({mode}) for parameter availabilityMode is invalid. Valid values: zonal, regional."),
        };
        return Response("CreateNatGateway", id, token is null ? null : E("clientToken", token), NatXml("natGateway", nat));
    }

    /// <summary>Automatic mode only: a subnet or an address of the caller's is another mode's parameter.</summary>
    private SandboxNatGateway CreateRegionalNatGateway(string region, QueryParameters p, string? token)
    {
        if (p.Get("SubnetId") is not null)
        {
            throw new SandboxException("InvalidParameterCombination", "SubnetId cannot be specified for a NAT gateway whose AvailabilityMode is regional; give VpcId.");
        }

        if (p.Get("AllocationId") is not null || p.Members("AvailabilityZoneAddress").Count > 0)
        {
            throw new SandboxException("InvalidParameterValue", "The sandbox serves regional NAT gateways in automatic mode only (no AllocationId or AvailabilityZoneAddress).");
        }

        return cloud.CreateRegionalNatGateway(region, p.Get("VpcId"), token, SpecTags(p));
    }

    private HttpResponseMessage CreateRouteTable(string region, QueryParameters p, string id)
    {
        var token = p.Get("ClientToken");
        var table = cloud.CreateRouteTable(region, p.Get("VpcId"), token, SpecTags(p));
        return Response("CreateRouteTable", id, RouteTableXml("routeTable", table), token is null ? null : E("clientToken", token));
    }

    private HttpResponseMessage DescribeAvailabilityZones(string region, QueryParameters p, List<Ec2Filter> filters, string id)
    {
        var names = p.List("ZoneName");
        var zones = SandboxRegions.Find(region)!.Zones.Where(z => names.Count == 0 || names.Contains(z.Name));
        var kept = FilterZones(zones, filters);
        return Response("DescribeAvailabilityZones", id, Set("availabilityZoneInfo", kept, z => [
            E("zoneName", z.Name), E("zoneState", "available"), E("regionName", region), E("zoneId", z.ZoneId),
            E("zoneType", "availability-zone"), E("optInStatus", "opt-in-not-required"), E("groupName", region),
            E("networkBorderGroup", region), E("messageSet")]));
    }

    /// <summary>
    /// The instance types offered in the region (<c>LocationType</c> <c>region</c>, the default) or in each of its
    /// zones (<c>availability-zone</c>, <c>availability-zone-id</c>), filtered by <c>instance-type</c> and
    /// <c>location</c>, paged as every EC2 Describe (MaxResults 5–1000, NextToken).
    /// </summary>
    private HttpResponseMessage DescribeInstanceTypeOfferings(string region, QueryParameters p, List<Ec2Filter> filters, string id)
    {
        var locationType = p.Get("LocationType") ?? "region";
        var types = cloud.InstanceTypeOfferings(region);
        var zones = SandboxRegions.Find(region)!.Zones;
        IReadOnlyList<InstanceTypeOffering> offerings = locationType switch
        {
            "region" => [.. types.Select(type => new InstanceTypeOffering(type, locationType, region))],
            "availability-zone" => [.. zones.SelectMany(zone => types.Select(type => new InstanceTypeOffering(type, locationType, zone.Name)))],
            "availability-zone-id" => [.. zones.SelectMany(zone => types.Select(type => new InstanceTypeOffering(type, locationType, zone.ZoneId)))],
            _ => throw new SandboxException("InvalidParameterValue", $"Value ({locationType}) for parameter locationType is invalid. Valid values are region, availability-zone, availability-zone-id."),
        };
        return Described(
            "DescribeInstanceTypeOfferings", id, p, null, "instanceTypeOfferingSet", offerings,
            o => Ec2Filter.Apply(o, filters, _ => new Dictionary<string, string>(), _offeringFields),
            o => [E("instanceType", o.InstanceType), E("locationType", o.LocationType), E("location", o.Location)]);
    }
}
