using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The <c>Filter.N</c> names each Describe operation understands, besides the tag filters.</summary>
internal sealed partial class Ec2QueryProtocol
{
    private static readonly Dictionary<string, Func<SandboxVpc, IEnumerable<string?>>> VpcFields = new(StringComparer.Ordinal)
    {
        ["vpc-id"] = v => [v.Id],
        ["cidr"] = v => [v.CidrBlock],
        ["cidr-block"] = v => [v.CidrBlock],
        ["cidr-block-association.cidr-block"] = v => [v.CidrBlock],
        ["state"] = _ => ["available"],
        ["is-default"] = _ => ["false"],
        ["dhcp-options-id"] = v => [v.DhcpOptionsId],
        ["instance-tenancy"] = v => [v.InstanceTenancy],
    };

    private static readonly Dictionary<string, Func<SandboxSubnet, IEnumerable<string?>>> SubnetFields = new(StringComparer.Ordinal)
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
        ["map-public-ip-on-launch"] = s => [Bool(s.MapPublicIpOnLaunch)],
    };

    private static readonly Dictionary<string, Func<SandboxInternetGateway, IEnumerable<string?>>> GatewayFields = new(StringComparer.Ordinal)
    {
        ["internet-gateway-id"] = g => [g.Id],
        ["attachment.vpc-id"] = g => [g.AttachedVpcId],
        ["attachment.state"] = g => [g.AttachedVpcId is null ? null : "available"],
    };

    private static readonly Dictionary<string, Func<SandboxAddress, IEnumerable<string?>>> AddressFields = new(StringComparer.Ordinal)
    {
        ["allocation-id"] = a => [a.AllocationId],
        ["association-id"] = a => [a.AssociationId],
        ["domain"] = _ => ["vpc"],
        ["public-ip"] = a => [a.PublicIp],
        ["network-interface-id"] = a => [a.NetworkInterfaceId],
        ["private-ip-address"] = a => [a.PrivateIpAddress],
    };

    private static readonly Dictionary<string, Func<SandboxZone, IEnumerable<string?>>> ZoneFields = new(StringComparer.Ordinal)
    {
        ["zone-name"] = z => [z.Name],
        ["zone-id"] = z => [z.ZoneId],
        ["region-name"] = z => [z.Name[..^1]],
        ["state"] = _ => ["available"],
        ["zone-type"] = _ => ["availability-zone"],
    };

    private static List<SandboxVpc> FilterVpcs(IEnumerable<SandboxVpc> vpcs, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(vpcs, filters, v => v.Tags, VpcFields);

    private static List<SandboxSubnet> FilterSubnets(IEnumerable<SandboxSubnet> subnets, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(subnets, filters, s => s.Tags, SubnetFields);

    private static List<SandboxInternetGateway> FilterGateways(IEnumerable<SandboxInternetGateway> gateways, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(gateways, filters, g => g.Tags, GatewayFields);

    private static List<SandboxAddress> FilterAddresses(IEnumerable<SandboxAddress> addresses, List<string> publicIps, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(addresses.Where(a => publicIps.Count == 0 || publicIps.Contains(a.PublicIp)), filters, a => a.Tags, AddressFields);

    private static List<SandboxZone> FilterZones(IEnumerable<SandboxZone> zones, List<Ec2Filter> filters) =>
        Ec2Filter.Apply(zones, filters, _ => new Dictionary<string, string>(), ZoneFields);

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
            ["association.subnet-id"] = r => r.Associations.Select(a => a.SubnetId),
            ["association.route-table-association-id"] = r => r.Associations.Select(a => a.Id),
            ["association.route-table-id"] = r => r.Associations.Select(_ => r.Id),
            ["association.main"] = r => [Bool(r.IsMain)],
            ["route.destination-cidr-block"] = r => r.Routes.Select(x => x.DestinationCidrBlock),
            ["route.gateway-id"] = r => r.Routes.Select(x => x.GatewayId),
            ["route.nat-gateway-id"] = r => r.Routes.Select(x => x.NatGatewayId),
            ["route.state"] = r => r.Routes.Select(x => cloud.RouteState(r, x)),
        });
}
