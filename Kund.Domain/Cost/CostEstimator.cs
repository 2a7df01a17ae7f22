using System.Globalization;
using Kund.Domain.Network;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Cost;

/// <summary>
/// Prices what an environment keeps running: the EKS control plane, its NAT gateways and their Elastic IPs.
/// VPCs, subnets, route tables, internet gateways and IAM roles cost nothing by themselves.
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

        var extended = offer?.Tier == SupportTier.Extended;
        var hourly = extended ? PriceTable.EksClusterExtendedSupportPerHour : PriceTable.EksClusterStandardSupportPerHour;
        lines.Add(new CostLine(
            ResourceKeys.Cluster,
            $"EKS cluster {cluster.Name}, Kubernetes {cluster.KubernetesVersion} ({(extended ? "extended" : "standard")} support)",
            hourly,
            PriceTable.Monthly(hourly)));
        notes.Add("worker nodes, load balancers and volumes the cluster starts later are billed on their own and not included");
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

        if (placements.Count > 0)
        {
            notes.Add($"NAT data processing (${PriceTable.NatGatewayPerGbProcessed.ToString(CultureInfo.InvariantCulture)} per GB) depends on traffic and is not included");
        }
    }
}
