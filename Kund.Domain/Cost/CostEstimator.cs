using System.Globalization;
using Kund.Domain.Network;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Cost;

/// <summary>
/// Prices what an environment keeps running: the EKS control plane (standard or extended support), its nodes
/// (instances by type × desired size, their root volumes, a public IPv4 address for each node in a public
/// subnet), the NAT gateways and their Elastic IPs. VPCs, subnets, route tables, internet gateways, IAM roles,
/// add-ons and access entries cost nothing by themselves.
/// </summary>
public static class CostEstimator
{
    /// <summary>Estimates an effective spec (see <see cref="SpecDefaults.Apply"/>); the support tier comes from the catalog.</summary>
    public static CostEstimate Estimate(EnvironmentSpec effective, CloudCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(catalog);

        var lines = new List<CostLine>();
        var notes = new List<string>();
        AddCluster(effective, catalog, lines, notes);
        AddNodes(effective, lines, notes);
        AddNatGateways(effective, lines, notes);
        return new CostEstimate(lines, notes);
    }

    private static void AddCluster(EnvironmentSpec effective, CloudCatalog catalog, List<CostLine> lines, List<string> notes)
    {
        if (effective.Cluster is not { } cluster)
        {
            return;
        }

        var offer = catalog.FindRegion(effective.Region)?.FindKubernetesVersion(cluster.KubernetesVersion);
        if (offer is null)
        {
            notes.Add($"Kubernetes {cluster.KubernetesVersion} is not offered in {effective.Region}; the cluster is priced at standard support");
        }

        // A version past standard support is billed as extended whatever the cluster asked for.
        var extended = offer?.Tier == SupportTier.Extended;
        var hourly = extended ? PriceTable.EksClusterExtendedSupportPerHour : PriceTable.EksClusterStandardSupportPerHour;
        lines.Add(new CostLine(
            ResourceKeys.Cluster,
            $"EKS cluster {cluster.Name}, Kubernetes {cluster.KubernetesVersion} ({(extended ? "extended" : "standard")} support)",
            hourly,
            PriceTable.Monthly(hourly)));
        if (!extended && cluster.SupportType == ClusterSupportType.Extended)
        {
            notes.Add($"with support type EXTENDED the cluster stays on Kubernetes {cluster.KubernetesVersion} after its standard support ends, at {PriceTable.FormatUsd(PriceTable.EksClusterExtendedSupportPerHour)} an hour instead of {PriceTable.FormatUsd(PriceTable.EksClusterStandardSupportPerHour)}");
        }

        notes.Add("load balancers and volumes that Kubernetes workloads create later are billed on their own and not included");
    }

    private static void AddNodes(EnvironmentSpec effective, List<CostLine> lines, List<string> notes)
    {
        if (effective.Cluster is not { Compute: { } compute } cluster)
        {
            return;
        }

        if (compute.Mode == ComputeMode.AutoMode)
        {
            notes.Add($"EKS Auto Mode launches instances as workloads need them: each is billed at its price plus a management fee of about {(PriceTable.AutoModeFeeShare * 100).ToString("0", CultureInfo.InvariantCulture)} % of it, not included");
            return;
        }

        var publicSubnets = (effective.Subnets ?? []).Where(subnet => subnet?.Tier == SubnetTier.Public).Select(subnet => subnet.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in (compute.Mode == ComputeMode.ManagedNodes ? compute.NodeGroups ?? [] : []).Where(group => group is not null && group.DesiredSize > 0))
        {
            var key = ResourceKeys.NodeGroup(group.Name);
            var type = group.InstanceTypes is { Count: > 0 } types ? types[0] : SpecDefaults.DefaultInstanceType;
            var count = group.DesiredSize;
            if (PriceTable.InstancePerHour.TryGetValue(type, out var perInstance))
            {
                var hourly = perInstance * count;
                lines.Add(new CostLine(key, $"{count} × {type} nodes of node group {group.Name} (on-demand)", hourly, PriceTable.Monthly(hourly)));
            }
            else
            {
                notes.Add($"no price is known for {type}: the {count} nodes of node group {group.Name} are not included");
            }

            if (group.CapacityType == CapacityType.Spot)
            {
                notes.Add($"node group {group.Name} runs on Spot, typically 60–70 % below the on-demand price shown");
            }

            var volumeMonthly = PriceTable.EbsGp3PerGibMonth * group.DiskSizeGiB * count;
            lines.Add(new CostLine(key, $"{count} × {group.DiskSizeGiB} GiB gp3 root volumes of node group {group.Name}", volumeMonthly / PriceTable.HoursPerMonth, volumeMonthly));

            // EKS spreads nodes evenly over the group's subnets; those in public subnets get a public IPv4 address each.
            var subnets = group.Subnets ?? cluster.Subnets ?? [];
            var publicNodes = subnets.Count == 0 ? 0 : (int)Math.Round(count * (decimal)subnets.Count(publicSubnets.Contains) / subnets.Count, MidpointRounding.AwayFromZero);
            if (publicNodes > 0)
            {
                var hourly = PriceTable.PublicIpv4AddressPerHour * publicNodes;
                lines.Add(new CostLine(key, $"{publicNodes} public IPv4 addresses of the nodes of {group.Name} in public subnets", hourly, PriceTable.Monthly(hourly)));
            }
        }
    }

    private static void AddNatGateways(EnvironmentSpec effective, List<CostLine> lines, List<string> notes)
    {
        var placements = NatGatewayPlacement.For(effective);
        foreach (var zone in placements.Select(placement => placement.AvailabilityZone))
        {
            lines.Add(new CostLine(
                ResourceKeys.NatGateway(zone),
                $"NAT gateway in {zone}",
                PriceTable.NatGatewayPerHour,
                PriceTable.Monthly(PriceTable.NatGatewayPerHour)));
            lines.Add(new CostLine(
                ResourceKeys.ElasticIp(zone),
                $"Elastic IP (public IPv4 address) of the NAT gateway in {zone}",
                PriceTable.PublicIpv4AddressPerHour,
                PriceTable.Monthly(PriceTable.PublicIpv4AddressPerHour)));
        }

        // AWS bills a regional gateway for each zone it is active in, and in automatic mode it holds a
        // public IPv4 address per zone (docs/aws-behaviour.md, "Regional NAT gateways").
        var regionalZones = NatGatewayPlacement.RegionalZones(effective);
        if (regionalZones.Count > 0)
        {
            var zones = regionalZones.Count;
            var zoneList = string.Join(", ", regionalZones);
            lines.Add(new CostLine(
                ResourceKeys.RegionalNatGateway,
                $"regional NAT gateway, active in {zones} {(zones == 1 ? "zone" : "zones")} ({zoneList})",
                PriceTable.NatGatewayPerHour * zones,
                PriceTable.Monthly(PriceTable.NatGatewayPerHour * zones)));
            lines.Add(new CostLine(
                ResourceKeys.RegionalNatGateway,
                $"{zones} public IPv4 {(zones == 1 ? "address" : "addresses")} AWS allocates for the regional NAT gateway (one per zone)",
                PriceTable.PublicIpv4AddressPerHour * zones,
                PriceTable.Monthly(PriceTable.PublicIpv4AddressPerHour * zones)));
        }

        if (placements.Count > 0 || regionalZones.Count > 0)
        {
            notes.Add($"NAT data processing (${PriceTable.NatGatewayPerGbProcessed.ToString(CultureInfo.InvariantCulture)} per GB) depends on traffic and is not included");
        }
    }
}
