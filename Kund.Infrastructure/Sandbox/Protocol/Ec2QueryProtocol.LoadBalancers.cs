using Kund.Infrastructure.Sandbox.Model;
using static Kund.Infrastructure.Sandbox.Protocol.Ec2Xml;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>The EC2 side of what load balancers leave in a VPC: their network interfaces and security groups.</summary>
internal sealed partial class Ec2QueryProtocol
{
    private readonly Dictionary<string, Func<SandboxNetworkInterface, IEnumerable<string?>>> _interfaceFields = new(StringComparer.Ordinal)
    {
        ["network-interface-id"] = e => [e.Id],
        ["vpc-id"] = e => [e.VpcId],
        ["subnet-id"] = e => [e.SubnetId],
        ["availability-zone"] = e => [e.AvailabilityZone],
        ["group-id"] = e => e.SecurityGroupIds,
        ["description"] = e => [e.Description],
        ["requester-managed"] = _ => ["true"],
        ["status"] = e => [e.ReleasedAt is null ? "in-use" : "available"],
        ["interface-type"] = _ => ["network_load_balancer"],
        ["owner-id"] = _ => [cloud.AccountId],
        ["requester-id"] = _ => ["amazon-elb"],
        ["private-ip-address"] = e => [e.PrivateIpAddress],
        ["addresses.private-ip-address"] = e => [e.PrivateIpAddress],
        ["group-name"] = e => e.SecurityGroupIds,
    };

    private readonly Dictionary<string, Func<SandboxSecurityGroup, IEnumerable<string?>>> _securityGroupFields = new(StringComparer.Ordinal)
    {
        ["group-id"] = g => [g.Id],
        ["group-name"] = g => [g.Name],
        ["vpc-id"] = g => [g.VpcId],
        ["description"] = g => [g.Description],
        ["owner-id"] = _ => [cloud.AccountId],
    };

    private HttpResponseMessage? ExecuteLoadBalancerDependents(string operation, string region, QueryParameters p, List<Ec2Filter> filters, string id) => operation switch
    {
        "DescribeNetworkInterfaces" => Described(
            operation, id, p, "NetworkInterfaceId", "networkInterfaceSet",
            cloud.DescribeNetworkInterfaces(region, p.List("NetworkInterfaceId")),
            e => Ec2Filter.Apply(e, filters, x => x.Tags, _interfaceFields),
            InterfaceXml),
        "DescribeSecurityGroups" => Described(
            operation, id, p, "GroupId", "securityGroupInfo",
            cloud.DescribeSecurityGroups(region, p.List("GroupId")),
            g => Ec2Filter.Apply(g, filters, x => x.Tags, _securityGroupFields),
            g => [E("ownerId", cloud.AccountId), E("groupId", g.Id), E("groupName", g.Name), E("groupDescription", g.Description), E("vpcId", g.VpcId),
                E("ipPermissions"), E("ipPermissionsEgress"), TagSet(g.Tags)]),
        "DeleteSecurityGroup" => DeleteSecurityGroup(region, p, id),
        _ => null,
    };

    private HttpResponseMessage DeleteSecurityGroup(string region, QueryParameters p, string id)
    {
        var groupId = p.Get("GroupId");
        cloud.DeleteSecurityGroup(region, groupId);
        return Response("DeleteSecurityGroup", id, E("return", "true"), E("groupId", groupId));
    }

    private object?[] InterfaceXml(SandboxNetworkInterface e) =>
    [
        E("networkInterfaceId", e.Id), E("subnetId", e.SubnetId), E("vpcId", e.VpcId), E("availabilityZone", e.AvailabilityZone),
        E("description", e.Description), E("ownerId", cloud.AccountId), E("requesterId", "amazon-elb"), E("requesterManaged", "true"),
        E("status", e.ReleasedAt is null ? "in-use" : "available"), E("privateIpAddress", e.PrivateIpAddress), E("sourceDestCheck", "true"),
        E("interfaceType", "network_load_balancer"),
        Set("groupSet", e.SecurityGroupIds, g => [E("groupId", g), E("groupName", g)]),
        TagSet(e.Tags),
    ];
}
