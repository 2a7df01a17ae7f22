using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The <c>Filter.N</c> names each Describe operation documents, besides the tag filters (<c>tag:key</c>,
/// <c>tag-key</c>): exactly those, so a filter AWS would refuse is refused here too (InvalidParameterValue),
/// and one AWS serves is served. Fields the sandbox does not model (IPv6, Outposts) match nothing.
/// </summary>
internal sealed partial class Ec2QueryProtocol
{
    private static readonly Func<object, IEnumerable<string?>> Unmodelled = _ => [];

    private readonly Dictionary<string, Func<SandboxVpc, IEnumerable<string?>>> _vpcFields = new(StringComparer.Ordinal)
    {
        ["vpc-id"] = v => [v.Id],
        ["cidr"] = v => [v.CidrBlock],
        ["cidr-block-association.cidr-block"] = v => [v.CidrBlock],
        ["cidr-block-association.association-id"] = v => [v.CidrAssociationId],
        ["cidr-block-association.state"] = _ => ["associated"],
        ["ipv6-cidr-block-association.ipv6-cidr-block"] = Unmodelled,
        ["ipv6-cidr-block-association.ipv6-pool"] = Unmodelled,
        ["ipv6-cidr-block-association.association-id"] = Unmodelled,
        ["ipv6-cidr-block-association.state"] = Unmodelled,
        ["state"] = _ => ["available"],
        ["is-default"] = _ => ["false"],
        ["dhcp-options-id"] = v => [v.DhcpOptionsId],
        ["owner-id"] = _ => [cloud.AccountId],
    };

    private readonly Dictionary<string, Func<SandboxSubnet, IEnumerable<string?>>> _subnetFields = new(StringComparer.Ordinal)
    {
        ["subnet-id"] = s => [s.Id],
        ["vpc-id"] = s => [s.VpcId],
        ["cidr"] = s => [s.CidrBlock],
        ["cidr-block"] = s => [s.CidrBlock],
        ["cidrBlock"] = s => [s.CidrBlock],
        ["availability-zone"] = s => [s.AvailabilityZone],
        ["availabilityZone"] = s => [s.AvailabilityZone],
        ["availability-zone-id"] = s => [s.AvailabilityZoneId],
        ["state"] = _ => ["available"],
        ["default-for-az"] = _ => ["false"],
        ["defaultForAz"] = _ => ["false"],
        ["map-public-ip-on-launch"] = s => [Bool(s.MapPublicIpOnLaunch)],
        ["owner-id"] = _ => [cloud.AccountId],
        ["subnet-arn"] = s => [$"arn:aws:ec2:{s.Region}:{cloud.AccountId}:subnet/{s.Id}"],
        ["ipv6-native"] = _ => ["false"],
        ["ipv6-cidr-block-association.ipv6-cidr-block"] = Unmodelled,
        ["ipv6-cidr-block-association.association-id"] = Unmodelled,
        ["ipv6-cidr-block-association.state"] = Unmodelled,
        ["outpost-arn"] = Unmodelled,
    };

    private readonly Dictionary<string, Func<SandboxInternetGateway, IEnumerable<string?>>> _gatewayFields = new(StringComparer.Ordinal)
    {
        ["internet-gateway-id"] = g => [g.Id],
        ["attachment.vpc-id"] = g => [g.AttachedVpcId],
        ["attachment.state"] = g => [g.AttachedVpcId is null ? null : "available"],
        ["owner-id"] = _ => [cloud.AccountId],
    };

    private readonly Dictionary<string, Func<SandboxAddress, IEnumerable<string?>>> _addressFields = new(StringComparer.Ordinal)
    {
        ["allocation-id"] = a => [a.AllocationId],
        ["association-id"] = a => [a.AssociationId],
        ["domain"] = _ => ["vpc"],
        ["public-ip"] = a => [a.PublicIp],
        ["network-interface-id"] = a => [a.NetworkInterfaceId],
        ["private-ip-address"] = a => [a.PrivateIpAddress],
        ["network-border-group"] = a => [a.Region],
        ["network-interface-owner-id"] = a => [a.NetworkInterfaceId is null ? null : cloud.AccountId],
        ["instance-id"] = Unmodelled,
    };

    private readonly Dictionary<string, Func<SandboxZone, IEnumerable<string?>>> _zoneFields = new(StringComparer.Ordinal)
    {
        ["zone-name"] = z => [z.Name],
        ["zone-id"] = z => [z.ZoneId],
        ["region-name"] = z => [z.Name[..^1]],
        ["state"] = _ => ["available"],
        ["zone-type"] = _ => ["availability-zone"],
        ["group-name"] = z => [z.Name[..^1]],
        ["opt-in-status"] = _ => ["opt-in-not-required"],
        ["message"] = Unmodelled,
        ["parent-zone-id"] = Unmodelled,
        ["parent-zone-name"] = Unmodelled,
    };

    private readonly Dictionary<string, Func<InstanceTypeOffering, IEnumerable<string?>>> _offeringFields = new(StringComparer.Ordinal)
    {
        ["instance-type"] = o => [o.InstanceType],
        ["location"] = o => [o.Location],
    };

    private List<SandboxVpc> FilterVpcs(IEnumerable<SandboxVpc> vpcs, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(vpcs, filters, v => v.Tags, _vpcFields);

    private List<SandboxSubnet> FilterSubnets(IEnumerable<SandboxSubnet> subnets, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(subnets, filters, s => s.Tags, _subnetFields);

    private List<SandboxInternetGateway> FilterGateways(IEnumerable<SandboxInternetGateway> gateways, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(gateways, filters, g => g.Tags, _gatewayFields);

    private List<SandboxAddress> FilterAddresses(IEnumerable<SandboxAddress> addresses, List<string> publicIps, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(addresses.Where(a => publicIps.Count == 0 || publicIps.Contains(a.PublicIp)), filters, a => a.Tags, _addressFields);

    private List<SandboxZone> FilterZones(IEnumerable<SandboxZone> zones, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(zones, filters, _ => new Dictionary<string, string>(), _zoneFields);

    private List<SandboxNatGateway> FilterNatGateways(IEnumerable<SandboxNatGateway> gateways, List<Ec2Filter> filters)
    {
        var now = cloud.Now;
        return Ec2Filter.Apply(gateways, filters, n => n.Tags, new Dictionary<string, Func<SandboxNatGateway, IEnumerable<string?>>>(StringComparer.Ordinal)
        {
            ["nat-gateway-id"] = n => [n.Id],
            ["subnet-id"] = n => [n.SubnetId],
            ["vpc-id"] = n => [n.VpcId],
            ["state"] = n => [n.StateAt(now, cloud.Timings)],
        });
    }

    private List<SandboxRouteTable> FilterRouteTables(IEnumerable<SandboxRouteTable> tables, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(tables, filters, r => r.Tags, new Dictionary<string, Func<SandboxRouteTable, IEnumerable<string?>>>(StringComparer.Ordinal)
        {
            ["route-table-id"] = r => [r.Id],
            ["vpc-id"] = r => [r.VpcId],
            ["owner-id"] = _ => [cloud.AccountId],
            ["association.gateway-id"] = Unmodelled,
            ["route.origin"] = r => r.Routes.Select(x => x.Origin),
            ["association.subnet-id"] = r => r.Associations.Select(a => a.SubnetId),
            ["association.route-table-association-id"] = r => r.Associations.Select(a => a.Id),
            ["association.route-table-id"] = r => r.Associations.Select(_ => r.Id),
            ["association.main"] = r => [Bool(r.IsMain)],
            ["route.destination-cidr-block"] = r => r.Routes.Select(x => x.DestinationCidrBlock),
            ["route.gateway-id"] = r => r.Routes.Select(x => x.GatewayId),
            ["route.nat-gateway-id"] = r => r.Routes.Select(x => x.NatGatewayId),
            ["route.state"] = r => r.Routes.Select(x => cloud.RouteState(r, x)),
            ["route.destination-ipv6-cidr-block"] = Unmodelled,
            ["route.destination-prefix-list-id"] = Unmodelled,
            ["route.egress-only-internet-gateway-id"] = Unmodelled,
            ["route.instance-id"] = Unmodelled,
            ["route.transit-gateway-id"] = Unmodelled,
            ["route.vpc-peering-connection-id"] = Unmodelled,
        });
}

/// <summary>One item of DescribeInstanceTypeOfferings: a type and where it is offered.</summary>
internal sealed record InstanceTypeOffering(string InstanceType, string LocationType, string Location);
