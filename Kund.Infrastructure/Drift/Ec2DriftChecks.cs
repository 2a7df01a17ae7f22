using Amazon.EC2.Model;
using Kund.Domain.Drift;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;

namespace Kund.Infrastructure.Drift;

/// <summary>The EC2 resources of one environment against an <see cref="Ec2Snapshot"/> of its region.</summary>
internal static class Ec2DriftChecks
{
    /// <summary>The route every VPC route table has to its own CIDR; AWS makes it and nobody can change it.</summary>
    private const string LocalTarget = "local";

    public static void Compare(DriftSubject subject, Ec2Snapshot snapshot, List<DriftItem> items, List<UnmanagedResource> unmanaged)
    {
        Each(subject, ResourceKind.Vpc, items, snapshot.Vpcs, (node, vpc, found) =>
        {
            found.Value("cidr", ((VpcDesired)node.Desired).Cidr, vpc.CidrBlock);
            return vpc.Tags;
        });
        Each(subject, ResourceKind.Subnet, items, snapshot.Subnets, (node, subnet, found) =>
        {
            var desired = (SubnetDesired)node.Desired;
            var mapsPublic = desired.Tier == Domain.Specs.SubnetTier.Public;
            found.Value("cidr", desired.Cidr, subnet.CidrBlock);
            found.Value("availabilityZone", desired.AvailabilityZone, subnet.AvailabilityZone);
            // A private subnet that starts handing out public addresses exposes what runs in it.
            found.Value("mapPublicIpOnLaunch", mapsPublic, subnet.MapPublicIpOnLaunch ?? false, mapsPublic ? DriftSeverity.Functional : DriftSeverity.Security);
            return subnet.Tags;
        });
        Each(subject, ResourceKind.InternetGateway, items, snapshot.InternetGateways, (_, gateway, found) =>
        {
            found.Value("attachment.vpcId", subject.VpcId, gateway.Attachments?.FirstOrDefault()?.VpcId);
            return gateway.Tags;
        });
        Each(subject, ResourceKind.ElasticIp, items, snapshot.Addresses, (_, address, _) => address.Tags);
        var live = snapshot.NatGateways.Where(n => n.Value.State?.Value is not ("deleted" or "deleting" or "failed")).ToDictionary(StringComparer.Ordinal);
        Each(subject, ResourceKind.NatGateway, items, live, (node, gateway, found) =>
        {
            switch (node.Desired)
            {
                case NatGatewayDesired desired:
                    found.Value("subnetId", subject.CloudIdOf(desired.SubnetKey), gateway.SubnetId);
                    found.Value("allocationId", subject.CloudIdOf(desired.ElasticIpKey), gateway.NatGatewayAddresses?.FirstOrDefault()?.AllocationId);
                    break;
                case RegionalNatGatewayDesired regional:
                    // Its addresses and zones are AWS's to manage (automatic mode): only what Kund chose is compared.
                    found.Value("vpcId", subject.CloudIdOf(regional.VpcKey), gateway.VpcId);
                    found.Value("availabilityMode", "regional", gateway.AvailabilityMode?.Value);
                    break;
            }

            return gateway.Tags;
        });
        Each(subject, ResourceKind.RouteTable, items, snapshot.RouteTables, (node, table, found) =>
        {
            CompareRouteTable(subject, snapshot, (RouteTableDesired)node.Desired, table, found);
            return table.Tags;
        });
        AddUnmanaged(subject, snapshot, unmanaged);
    }

    /// <summary>
    /// Each created node of <paramref name="kind"/>: missing when the snapshot lacks its id, else compared by
    /// <paramref name="compare"/>, which returns the resource's tags to compare with those Kund applied.
    /// </summary>
    private static void Each<T>(DriftSubject subject, ResourceKind kind, List<DriftItem> items, IReadOnlyDictionary<string, T> inCloud, Func<ResourceNode, T, DriftFindings, List<Tag>?> compare)
    {
        foreach (var (node, resource) in subject.Of(kind))
        {
            var found = new DriftFindings(node.Key, node.Kind);
            if (inCloud.GetValueOrDefault(resource.CloudId) is not { } actual)
            {
                found.Missing(resource.CloudId);
            }
            else
            {
                found.Tags(KundTags.For(subject.ContextOf(node)), Pairs(compare(node, actual, found)));
            }

            items.AddRange(found.Items);
        }
    }

    /// <summary>
    /// Each applied route to its target, nothing more: a route gone or pointing elsewhere, and a route Kund did
    /// not add. One that leads to a target that is not the environment's own (a peering, someone's instance,
    /// another VPC's gateway) is a security item. Each applied subnet association still on this table.
    /// </summary>
    private static void CompareRouteTable(DriftSubject subject, Ec2Snapshot snapshot, RouteTableDesired desired, RouteTable table, DriftFindings found)
    {
        var known = subject.Created.Values.Select(r => r.CloudId).ToHashSet(StringComparer.Ordinal);
        var routes = (table.Routes ?? []).Where(r => TargetOf(r) != LocalTarget).ToList();
        foreach (var route in desired.Routes)
        {
            var expected = subject.CloudIdOf(route.TargetKey);
            var actual = routes.FirstOrDefault(r => r.DestinationCidrBlock == route.DestinationCidr) is { } present ? TargetOf(present) : null;
            var severity = actual is not null && !known.Contains(actual) ? DriftSeverity.Security : DriftSeverity.Functional;
            found.Value($"routes[{route.DestinationCidr}]", expected, actual, severity);
        }

        foreach (var extra in routes.Where(r => desired.Routes.All(d => d.DestinationCidr != Destination(r))))
        {
            var target = TargetOf(extra);
            found.Add($"routes[{Destination(extra)}]", null, target, target is not null && known.Contains(target) ? DriftSeverity.Functional : DriftSeverity.Security);
        }

        foreach (var subnetKey in desired.SubnetKeys)
        {
            if (subject.CloudIdOf(subnetKey) is not { } subnetId)
            {
                continue;
            }

            var actual = snapshot.TableOfSubnet(subnetId);
            found.Value($"associations[{subnetKey}]", table.RouteTableId, actual ?? "main");
        }
    }

    /// <summary>In the environment's VPC but not Kund's: subnets, route tables (besides the VPC's main one), NAT gateways.</summary>
    private static void AddUnmanaged(DriftSubject subject, Ec2Snapshot snapshot, List<UnmanagedResource> unmanaged)
    {
        if (subject.VpcId is not { } vpcId || !snapshot.Vpcs.ContainsKey(vpcId))
        {
            return;
        }

        var known = subject.Created.Values.Select(r => r.CloudId).ToHashSet(StringComparer.Ordinal);
        var reason = $"in the environment's VPC {vpcId}, not made by Kund";
        unmanaged.AddRange(snapshot.Subnets.Values
            .Where(s => s.VpcId == vpcId && !known.Contains(s.SubnetId))
            .Select(s => new UnmanagedResource(s.SubnetId, "subnet", $"{reason} ({s.CidrBlock})")));
        unmanaged.AddRange(snapshot.RouteTables.Values
            .Where(t => t.VpcId == vpcId && !known.Contains(t.RouteTableId) && !(t.Associations ?? []).Any(a => a.Main == true))
            .Select(t => new UnmanagedResource(t.RouteTableId, "route-table", reason)));
        unmanaged.AddRange(snapshot.NatGateways.Values
            .Where(n => n.VpcId == vpcId && !known.Contains(n.NatGatewayId) && n.State?.Value is not ("deleted" or "deleting"))
            .Select(n => new UnmanagedResource(n.NatGatewayId, "natgateway", reason)));
    }

    private static string? Destination(Route route) => route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId;

    private static string? TargetOf(Route route) =>
        route.GatewayId ?? route.NatGatewayId ?? route.TransitGatewayId ?? route.VpcPeeringConnectionId ?? route.NetworkInterfaceId ?? route.InstanceId
        ?? route.EgressOnlyInternetGatewayId ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn;

    private static IEnumerable<KeyValuePair<string, string>> Pairs(List<Tag>? tags) =>
        (tags ?? []).Select(t => new KeyValuePair<string, string>(t.Key, t.Value));
}
