using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>How EC2 renders each resource in its responses.</summary>
internal sealed partial class Ec2QueryProtocol
{
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
            n.IsRegional
                ? Set("natGatewayAddressSet", n.ZoneAddresses ?? [], a => [
                    E("allocationId", a.AllocationId), E("networkInterfaceId", a.NetworkInterfaceId), E("privateIp", a.PrivateIp),
                    E("publicIp", a.PublicIp), E("associationId", a.AssociationId), E("isPrimary", a == n.ZoneAddresses![0] ? "true" : "false"),
                    E("status", addressStatus), E("availabilityZone", a.AvailabilityZone)])
                : Set("natGatewayAddressSet", [n], _ => [
                    E("allocationId", n.AllocationId), E("networkInterfaceId", n.NetworkInterfaceId), E("privateIp", n.PrivateIp),
                    E("publicIp", n.PublicIp), E("associationId", n.AssociationId), E("isPrimary", "true"), E("status", addressStatus)]),
            E("natGatewayId", n.Id), E("state", state), n.SubnetId is null ? null : E("subnetId", n.SubnetId), E("vpcId", n.VpcId),
            E("connectivityType", "public"), E("availabilityMode", n.AvailabilityMode),
            n.IsRegional ? E("autoProvisionZones", "enabled") : null, n.IsRegional ? E("autoScalingIps", "enabled") : null,
            TagSet(n.Tags));
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
}
