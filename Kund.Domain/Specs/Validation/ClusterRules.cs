using System.Text.RegularExpressions;
using Kund.Domain.Cost;
using Kund.Domain.Network;

namespace Kund.Domain.Specs.Validation;

/// <summary>The EKS cluster: name, subnets in two zones, an offered version, endpoint access, logging.</summary>
internal static partial class ClusterRules
{
    public const int MaxNameLength = SpecLimits.ClusterNameMaxLength;

    /// <summary>EKS control-plane log types, as the EKS API spells them.</summary>
    public static readonly IReadOnlyList<string> LogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    public static void Check(ValidationContext context)
    {
        if (context.Spec.Cluster is not { } cluster)
        {
            return;
        }

        CheckName(context, cluster);
        CheckSubnets(context, cluster);
        CheckVersion(context, cluster);
        CheckEndpointAccess(context, cluster);
        CheckPublicAccessCidrs(context, cluster);
        CheckLogging(context, cluster);
    }

    private static void CheckName(ValidationContext context, ClusterSpec cluster)
    {
        var name = cluster.Name ?? "";
        if (name.Length == 0)
        {
            context.Error(SpecPaths.ClusterName, "a cluster name is required");
            return;
        }

        if (name.Length > MaxNameLength)
        {
            context.Error(SpecPaths.ClusterName, $"the cluster name {TextLimit.Clip(name)} is {name.Length} characters long; EKS allows 1 to {MaxNameLength}");
        }

        if (!ClusterName().IsMatch(name))
        {
            context.Error(
                SpecPaths.ClusterName,
                $"the cluster name {name} may contain only letters, digits, - and _, and must start with a letter or digit");
        }
    }

    // EKS refuses a cluster unless its subnets span at least two zones (InvalidParameterException).
    private static void CheckSubnets(ValidationContext context, ClusterSpec cluster)
    {
        // No subnets at all is reported at subnets (or at its cause, the VPC or the region).
        if (context.Subnets.Count == 0)
        {
            return;
        }

        var named = cluster.Subnets ?? [];
        var byName = context.PresentSubnets
            .Where(subnet => !string.IsNullOrWhiteSpace(subnet.Name))
            .DistinctBy(subnet => subnet.Name, StringComparer.Ordinal)
            .ToDictionary(subnet => subnet.Name, StringComparer.Ordinal);

        if (named.Count == 0)
        {
            context.Error(
                SpecPaths.ClusterSubnets,
                "EKS needs at least two subnets in two availability zones; none are listed, and there are no private subnets to default to");
            return;
        }

        var chosen = new List<IndexedSubnet>();
        var allKnown = true;
        foreach (var group in named.GroupBy(name => name ?? "", StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(group.Key, out var subnet))
            {
                allKnown = false;
                context.Error(
                    SpecPaths.ClusterSubnets,
                    $"{(group.Key.Length == 0 ? "an empty name" : group.Key)} is not one of the subnets ({TextList.Join(byName.Keys)})");
                continue;
            }

            if (group.Count() > 1)
            {
                context.Error(SpecPaths.ClusterSubnets, $"{group.Key} is listed {group.Count()} times; list each subnet once");
            }

            chosen.Add(subnet);
        }

        if (allKnown)
        {
            CheckTwoZones(context, chosen);
        }
    }

    private static void CheckTwoZones(ValidationContext context, List<IndexedSubnet> chosen)
    {
        if (chosen.Count < 2)
        {
            var only = chosen[0];
            context.Error(
                SpecPaths.ClusterSubnets,
                $"EKS needs at least two subnets in two availability zones; only {only.Label} ({only.Zone}) is listed");
            return;
        }

        var zones = chosen.Select(subnet => subnet.Zone).Distinct(StringComparer.Ordinal).ToList();
        if (zones.Count < 2)
        {
            context.Error(
                SpecPaths.ClusterSubnets,
                $"subnets {TextList.Join(chosen.Select(subnet => subnet.Label))} are {(chosen.Count == 2 ? "both" : "all")} in {zones[0]}; EKS needs subnets in at least two availability zones");
        }
    }

    private static void CheckVersion(ValidationContext context, ClusterSpec cluster)
    {
        if (context.Region is not { } region)
        {
            return;
        }

        var offered = TextList.Join(region.KubernetesVersions.Select(Describe));
        var version = cluster.KubernetesVersion ?? "";
        if (version.Length == 0)
        {
            context.Error(SpecPaths.ClusterKubernetesVersion, $"a Kubernetes version is required; offered in {region.Name}: {offered}");
            return;
        }

        var offer = region.FindKubernetesVersion(version);
        if (offer is null)
        {
            context.Error(SpecPaths.ClusterKubernetesVersion, $"Kubernetes {TextLimit.Clip(version)} is not offered in {region.Name}; offered: {offered}");
        }
        else if (offer.Tier == SupportTier.Extended)
        {
            var standard = region.KubernetesVersions.Where(candidate => candidate.Tier == SupportTier.Standard).Select(candidate => candidate.Version).ToList();
            context.Warning(
                SpecPaths.ClusterKubernetesVersion,
                $"Kubernetes {version} is in extended support: the cluster costs {PriceTable.FormatUsd(PriceTable.EksClusterExtendedSupportPerHour)} an hour instead of {PriceTable.FormatUsd(PriceTable.EksClusterStandardSupportPerHour)} " +
                $"(about {PriceTable.FormatUsd(PriceTable.Monthly(PriceTable.EksClusterExtendedSupportPerHour))} a month instead of {PriceTable.FormatUsd(PriceTable.Monthly(PriceTable.EksClusterStandardSupportPerHour))})" +
                (standard.Count > 0 ? $"; {TextList.Join(standard)} {(standard.Count == 1 ? "is" : "are")} in standard support" : ""));
        }
    }

    private static void CheckEndpointAccess(ValidationContext context, ClusterSpec cluster)
    {
        if (!cluster.EndpointPublicAccess && !cluster.EndpointPrivateAccess)
        {
            context.Error(
                SpecPaths.ClusterEndpointPublicAccess,
                "at least one of endpointPublicAccess and endpointPrivateAccess must be true, or nothing can reach the Kubernetes API");
        }
        else if (!cluster.EndpointPublicAccess)
        {
            context.Warning(
                SpecPaths.ClusterEndpointPublicAccess,
                "with only the private endpoint, the Kubernetes API answers only inside the VPC: kubectl from anywhere else ends in 'dial tcp …:443: i/o timeout' unless a VPN, peering or bastion reaches the VPC");
        }
    }

    private static void CheckPublicAccessCidrs(ValidationContext context, ClusterSpec cluster)
    {
        var cidrs = cluster.PublicAccessCidrs ?? [];
        if (!cluster.EndpointPublicAccess && cidrs.Count > 0)
        {
            context.Warning(
                SpecPaths.ClusterPublicAccessCidrs,
                $"publicAccessCidrs ({TextList.Join(cidrs.Select(cidr => cidr ?? ""))}) limit only the public endpoint, which is off; they have no effect");
        }

        for (var index = 0; index < cidrs.Count; index++)
        {
            if (!CidrBlock.TryParse(cidrs[index], out var block, out var parseError))
            {
                context.Error(SpecPaths.ClusterPublicAccessCidr(index), parseError!);
            }
            else if (block.IsPrivate)
            {
                context.Warning(
                    SpecPaths.ClusterPublicAccessCidr(index),
                    $"{block} is a private range; the public endpoint sees public source addresses, so it matches no client");
            }
        }
    }

    private static void CheckLogging(ValidationContext context, ClusterSpec cluster)
    {
        foreach (var group in (cluster.Logging ?? []).GroupBy(type => type ?? "", StringComparer.Ordinal))
        {
            if (!LogTypes.Contains(group.Key, StringComparer.Ordinal))
            {
                context.Error(
                    SpecPaths.ClusterLogging,
                    $"{(group.Key.Length == 0 ? "an empty name" : group.Key)} is not a control-plane log type; choose from {TextList.Join(LogTypes)}");
            }
            else if (group.Count() > 1)
            {
                context.Error(SpecPaths.ClusterLogging, $"{group.Key} is listed {group.Count()} times; list each log type once");
            }
        }
    }

    private static string Describe(KubernetesVersionOffer offer) =>
        offer.Tier == SupportTier.Extended ? $"{offer.Version} (extended support)" : offer.Version;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterName();
}
