using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The EC2 Query API (version 2016-11-15) over the sandbox cloud.</summary>
internal sealed class Ec2QueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    private static readonly HashSet<string> Operations =
    [
        "CreateVpc", "ModifyVpcAttribute", "DescribeVpcAttribute", "DescribeVpcs", "DeleteVpc",
        "CreateSubnet", "ModifySubnetAttribute", "DescribeSubnets", "DeleteSubnet",
        "CreateInternetGateway", "AttachInternetGateway", "DetachInternetGateway", "DescribeInternetGateways", "DeleteInternetGateway",
        "AllocateAddress", "DescribeAddresses", "ReleaseAddress",
        "CreateNatGateway", "DescribeNatGateways", "DeleteNatGateway",
        "CreateRouteTable", "CreateRoute", "DeleteRoute", "AssociateRouteTable", "DisassociateRouteTable", "DescribeRouteTables", "DeleteRouteTable",
        "CreateTags", "DeleteTags", "DescribeAvailabilityZones", "DescribeRegions",
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
            "DescribeVpcs" => Response(operation, id, Set("vpcSet", FilterVpcs(cloud.DescribeVpcs(region, p.List("VpcId")), filters), v => VpcXml(null, v, "available").Nodes().ToArray())),
            "DeleteVpc" => Done(operation, id, () => cloud.DeleteVpc(region, p.Get("VpcId"))),
            "CreateSubnet" => Response(operation, id, SubnetXml("subnet", cloud.CreateSubnet(region, p.Get("VpcId"), p.Get("CidrBlock"), p.Get("AvailabilityZone"), p.Get("AvailabilityZoneId"), SpecTags(p)))),
            "ModifySubnetAttribute" => Done(operation, id, () => cloud.ModifySubnetAttribute(region, p.Get("SubnetId"), p.GetBool("MapPublicIpOnLaunch.Value"))),
            "DescribeSubnets" => Response(operation, id, Set("subnetSet", FilterSubnets(cloud.DescribeSubnets(region, p.List("SubnetId")), filters), s => SubnetXml(null, s).Nodes().ToArray())),
            "DeleteSubnet" => Done(operation, id, () => cloud.DeleteSubnet(region, p.Get("SubnetId"))),
            "CreateInternetGateway" => Response(operation, id, GatewayXml("internetGateway", cloud.CreateInternetGateway(region, SpecTags(p)))),
            "AttachInternetGateway" => Done(operation, id, () => cloud.AttachInternetGateway(region, p.Get("InternetGatewayId"), p.Get("VpcId"))),
            "DetachInternetGateway" => Done(operation, id, () => cloud.DetachInternetGateway(region, p.Get("InternetGatewayId"), p.Get("VpcId"))),
            "DescribeInternetGateways" => Response(operation, id, Set("internetGatewaySet", FilterGateways(cloud.DescribeInternetGateways(region, p.List("InternetGatewayId")), filters), g => GatewayXml(null, g).Nodes().ToArray())),
            "DeleteInternetGateway" => Done(operation, id, () => cloud.DeleteInternetGateway(region, p.Get("InternetGatewayId"))),
            "AllocateAddress" => AllocateAddress(region, p, id),
            "DescribeAddresses" => Response(operation, id, Set("addressesSet", FilterAddresses(cloud.DescribeAddresses(region, p.List("AllocationId")), p.List("PublicIp"), filters), AddressXml)),
            "ReleaseAddress" => Done(operation, id, () => cloud.ReleaseAddress(region, p.Get("AllocationId"))),
            "CreateNatGateway" => CreateNatGateway(region, p, id),
            "DescribeNatGateways" => Response(operation, id, Set("natGatewaySet", FilterNatGateways(cloud.DescribeNatGateways(region, p.List("NatGatewayId")), filters), n => NatXml(null, n).Nodes().ToArray())),
            "DeleteNatGateway" => Response(operation, id, E("natGatewayId", cloud.DeleteNatGateway(region, p.Get("NatGatewayId")).Id)),
            "CreateRouteTable" => CreateRouteTable(region, p, id),
            "CreateRoute" => Done(operation, id, () => cloud.CreateRoute(region, p.Get("RouteTableId"), p.Get("DestinationCidrBlock"), p.Get("GatewayId"), p.Get("NatGatewayId"))),
            "DeleteRoute" => Done(operation, id, () => cloud.DeleteRoute(region, p.Get("RouteTableId"), p.Get("DestinationCidrBlock"))),
            "AssociateRouteTable" => Response(operation, id, E("associationId", cloud.AssociateRouteTable(region, p.Get("RouteTableId"), p.Get("SubnetId"))), E("associationState", E("state", "associated"))),
            "DisassociateRouteTable" => Done(operation, id, () => cloud.DisassociateRouteTable(region, p.Get("AssociationId"))),
            "DescribeRouteTables" => Response(operation, id, Set("routeTableSet", FilterRouteTables(cloud.DescribeRouteTables(region, p.List("RouteTableId")), filters), r => RouteTableXml(null, r).Nodes().ToArray())),
            "DeleteRouteTable" => Done(operation, id, () => cloud.DeleteRouteTable(region, p.Get("RouteTableId"))),
            "CreateTags" => Done(operation, id, () => cloud.CreateTags(region, p.List("ResourceId"), p.Tags("Tag"))),
            "DeleteTags" => Done(operation, id, () => cloud.DeleteTags(region, p.List("ResourceId"), [.. p.Members("Tag").Select(m => new KeyValuePair<string, string?>(p.Get($"{m}.Key")!, p.Get($"{m}.Value")))])),
            "DescribeAvailabilityZones" => DescribeAvailabilityZones(region, p, filters, id),
            "DescribeRegions" => Response(operation, id, Set(
                "regionInfo",
                SandboxRegions.All.Where(r => p.List("RegionName") is not { Count: > 0 } names || names.Contains(r.Name)),
                r => [E("regionName", r.Name), E("regionEndpoint", $"ec2.{r.Name}.amazonaws.com"), E("optInStatus", "opt-in-not-required")])),
            _ => UnknownOperation(request),
        };
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
        var nat = cloud.CreateNatGateway(region, p.Get("SubnetId"), p.Get("AllocationId"), token, SpecTags(p));
        return Response("CreateNatGateway", id, token is null ? null : E("clientToken", token), NatXml("natGateway", nat));
    }

    private HttpResponseMessage CreateRouteTable(string region, QueryParameters p, string id)
    {
        var token = p.Get("ClientToken");
        var table = cloud.CreateRouteTable(region, p.Get("VpcId"), token, SpecTags(p));
        return Response("CreateRouteTable", id, RouteTableXml("routeTable", table), token is null ? null : E("clientToken", token));
    }

    private static HttpResponseMessage DescribeAvailabilityZones(string region, QueryParameters p, List<Ec2Filter> filters, string id)
    {
        var names = p.List("ZoneName");
        var zones = SandboxRegions.Find(region)!.Zones.Where(z => names.Count == 0 || names.Contains(z.Name));
        var kept = Ec2Filter.Apply(zones, filters, _ => new Dictionary<string, string>(), (z, name) => name switch
        {
            "zone-name" => [z.Name],
            "zone-id" => [z.ZoneId],
            "region-name" => [region],
            "state" => ["available"],
            "zone-type" => ["availability-zone"],
            _ => null,
        });
        return Response("DescribeAvailabilityZones", id, Set("availabilityZoneInfo", kept, z => [
            E("zoneName", z.Name), E("zoneState", "available"), E("regionName", region), E("zoneId", z.ZoneId),
            E("zoneType", "availability-zone"), E("optInStatus", "opt-in-not-required"), E("groupName", region),
            E("networkBorderGroup", region), E("messageSet")]));
    }

    private XElement VpcXml(string? name, SandboxVpc v, string state) => E(
        name ?? "item",
        E("vpcId", v.Id), E("ownerId", cloud.AccountId), E("state", state), E("cidrBlock", v.CidrBlock),
        Set("cidrBlockAssociationSet", [v], _ => [E("cidrBlock", v.CidrBlock), E("associationId", v.CidrAssociationId), E("cidrBlockState", E("state", "associated"))]),
        E("dhcpOptionsId", v.DhcpOptionsId), E("instanceTenancy", v.InstanceTenancy), E("isDefault", "false"), TagSet(v.Tags));

    private XElement SubnetXml(string? name, SandboxSubnet s) => E(
        name ?? "item",
        E("subnetId", s.Id), E("subnetArn", $"arn:aws:ec2:{s.Region}:{cloud.AccountId}:subnet/{s.Id}"), E("state", "available"),
        E("ownerId", cloud.AccountId), E("vpcId", s.VpcId), E("cidrBlock", s.CidrBlock), E("availableIpAddressCount", s.AvailableIpAddressCount),
        E("availabilityZone", s.AvailabilityZone), E("availabilityZoneId", s.AvailabilityZoneId), E("defaultForAz", "false"),
        E("mapPublicIpOnLaunch", Bool(s.MapPublicIpOnLaunch)), E("assignIpv6AddressOnCreation", "false"), E("ipv6CidrBlockAssociationSet"),
        TagSet(s.Tags));

    private XElement GatewayXml(string? name, SandboxInternetGateway g) => E(
        name ?? "item",
        E("internetGatewayId", g.Id), E("ownerId", cloud.AccountId),
        Set("attachmentSet", g.AttachedVpcId is null ? [] : new[] { g.AttachedVpcId }, vpc => [E("vpcId", vpc), E("state", "available")]),
        TagSet(g.Tags));

    private object?[] AddressXml(SandboxAddress a) =>
    [
        E("publicIp", a.PublicIp), E("allocationId", a.AllocationId), E("domain", "vpc"),
        a.AssociationId is null ? null : E("associationId", a.AssociationId),
        a.NetworkInterfaceId is null ? null : E("networkInterfaceId", a.NetworkInterfaceId),
        a.NetworkInterfaceId is null ? null : E("networkInterfaceOwnerId", cloud.AccountId),
        a.PrivateIpAddress is null ? null : E("privateIpAddress", a.PrivateIpAddress),
        E("publicIpv4Pool", "amazon"), E("networkBorderGroup", a.Region), TagSet(a.Tags),
    ];

    private XElement NatXml(string? name, SandboxNatGateway n)
    {
        var now = cloud.Now;
        var state = n.StateAt(now, cloud.Timings);
        var addressStatus = state switch
        {
            "pending" => "associating",
            "deleting" => "disassociating",
            "deleted" or "failed" => "succeeded",
            _ => "succeeded",
        };
        return E(
            name ?? "item",
            E("createTime", Time(n.CreatedAt)),
            state == "deleted" ? E("deleteTime", Time(n.DeletedAt(cloud.Timings)!.Value)) : null,
            state == "failed" ? E("failureCode", n.FailureCode) : null,
            state == "failed" ? E("failureMessage", n.FailureMessage) : null,
            Set("natGatewayAddressSet", [n], _ => [
                E("allocationId", n.AllocationId), E("networkInterfaceId", n.NetworkInterfaceId), E("privateIp", n.PrivateIp),
                E("publicIp", n.PublicIp), E("associationId", n.AssociationId), E("isPrimary", "true"), E("status", addressStatus)]),
            E("natGatewayId", n.Id), E("state", state), E("subnetId", n.SubnetId), E("vpcId", n.VpcId),
            E("connectivityType", "public"), TagSet(n.Tags));
    }

    private XElement RouteTableXml(string? name, SandboxRouteTable r) => E(
        name ?? "item",
        E("routeTableId", r.Id), E("vpcId", r.VpcId), E("ownerId", cloud.AccountId),
        Set("routeSet", r.Routes, route => [
            E("destinationCidrBlock", route.DestinationCidrBlock),
            route.GatewayId is null ? null : E("gatewayId", route.GatewayId),
            route.NatGatewayId is null ? null : E("natGatewayId", route.NatGatewayId),
            E("state", cloud.RouteState(r, route)), E("origin", route.Origin)]),
        Set("associationSet", r.Associations, a => [
            E("routeTableAssociationId", a.Id), E("routeTableId", r.Id),
            a.SubnetId is null ? null : E("subnetId", a.SubnetId),
            E("main", Bool(a.Main)), E("associationState", E("state", "associated"))]),
        E("propagatingVgwSet"), TagSet(r.Tags));

    private static List<SandboxVpc> FilterVpcs(IEnumerable<SandboxVpc> vpcs, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(vpcs, filters, v => v.Tags, (v, name) => name switch
        {
            "vpc-id" => [v.Id],
            "cidr" or "cidr-block" or "cidr-block-association.cidr-block" => [v.CidrBlock],
            "state" => ["available"],
            "is-default" => ["false"],
            "dhcp-options-id" => [v.DhcpOptionsId],
            "instance-tenancy" => [v.InstanceTenancy],
            _ => null,
        });

    private static List<SandboxSubnet> FilterSubnets(IEnumerable<SandboxSubnet> subnets, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(subnets, filters, s => s.Tags, (s, name) => name switch
        {
            "subnet-id" => [s.Id],
            "vpc-id" => [s.VpcId],
            "cidr" or "cidr-block" or "cidrBlock" => [s.CidrBlock],
            "availability-zone" or "availabilityZone" => [s.AvailabilityZone],
            "availability-zone-id" => [s.AvailabilityZoneId],
            "state" => ["available"],
            "default-for-az" => ["false"],
            "map-public-ip-on-launch" => [Bool(s.MapPublicIpOnLaunch)],
            _ => null,
        });

    private static List<SandboxInternetGateway> FilterGateways(IEnumerable<SandboxInternetGateway> gateways, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(gateways, filters, g => g.Tags, (g, name) => name switch
        {
            "internet-gateway-id" => [g.Id],
            "attachment.vpc-id" => [g.AttachedVpcId],
            "attachment.state" => [g.AttachedVpcId is null ? null : "available"],
            _ => null,
        });

    private static List<SandboxAddress> FilterAddresses(IEnumerable<SandboxAddress> addresses, List<string> publicIps, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(addresses.Where(a => publicIps.Count == 0 || publicIps.Contains(a.PublicIp)), filters, a => a.Tags, (a, name) => name switch
        {
            "allocation-id" => [a.AllocationId],
            "association-id" => [a.AssociationId],
            "domain" => ["vpc"],
            "public-ip" => [a.PublicIp],
            "network-interface-id" => [a.NetworkInterfaceId],
            "private-ip-address" => [a.PrivateIpAddress],
            _ => null,
        });

    private List<SandboxNatGateway> FilterNatGateways(IEnumerable<SandboxNatGateway> gateways, List<Ec2Filter> filters)
    {
        var now = cloud.Now;
        return Ec2Filter.Apply(gateways, filters, n => n.Tags, (n, name) => name switch
        {
            "nat-gateway-id" => [n.Id],
            "subnet-id" => [n.SubnetId],
            "vpc-id" => [n.VpcId],
            "state" => [n.StateAt(now, cloud.Timings)],
            _ => null,
        });
    }

    private List<SandboxRouteTable> FilterRouteTables(IEnumerable<SandboxRouteTable> tables, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(tables, filters, r => r.Tags, (r, name) => name switch
        {
            "route-table-id" => [r.Id],
            "vpc-id" => [r.VpcId],
            "association.subnet-id" => r.Associations.Select(a => a.SubnetId),
            "association.route-table-association-id" => r.Associations.Select(a => a.Id),
            "association.route-table-id" => r.Associations.Select(_ => r.Id),
            "association.main" => [Bool(r.IsMain)],
            "route.destination-cidr-block" => r.Routes.Select(x => x.DestinationCidrBlock),
            "route.gateway-id" => r.Routes.Select(x => x.GatewayId),
            "route.nat-gateway-id" => r.Routes.Select(x => x.NatGatewayId),
            "route.state" => r.Routes.Select(x => cloud.RouteState(r, x)),
            _ => null,
        });
}
