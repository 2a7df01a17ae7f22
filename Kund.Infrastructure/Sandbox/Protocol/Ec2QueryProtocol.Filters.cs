using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The <c>Filter.N</c> names each Describe operation understands, besides the tag filters.</summary>
internal sealed partial class Ec2QueryProtocol
{
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
