namespace Kund.Domain.Specs.Validation;

/// <summary>Managed add-ons: each named once, known to EKS in the region, a pinned version compatible with the cluster's Kubernetes version.</summary>
internal static class AddonRules
{
    public static void Check(ValidationContext context)
    {
        if (context.Spec.Cluster is not { } cluster)
        {
            return;
        }

        var addons = cluster.Addons ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < addons.Count; index++)
        {
            if (addons[index] is not { } addon)
            {
                context.Error(SpecPaths.Addon(index), "an add-on is required here, not null");
                continue;
            }

            var name = addon.Name ?? "";
            if (name.Length == 0)
            {
                context.Error(SpecPaths.Addon(index, "name"), "an add-on name is required, such as vpc-cni");
                continue;
            }

            if (!names.Add(name))
            {
                context.Error(SpecPaths.Addon(index, "name"), $"{name} is listed more than once; list each add-on once");
                continue;
            }

            CheckOffered(context, index, cluster, addon);
        }

        if (cluster.Compute?.Mode == ComputeMode.ManagedNodes && !names.Contains("vpc-cni"))
        {
            context.Warning(SpecPaths.ClusterAddons, "without vpc-cni the nodes get no pod networking and stay NotReady (self-managed add-ons are not installed)");
        }
    }

    private static void CheckOffered(ValidationContext context, int index, ClusterSpec cluster, AddonSpec addon)
    {
        if (context.Region is not { Addons: { } offers } region || region.FindKubernetesVersion(cluster.KubernetesVersion) is null)
        {
            return;
        }

        var versions = region.AddonVersions(addon.Name, cluster.KubernetesVersion);
        if (versions is null)
        {
            context.Error(
                SpecPaths.Addon(index, "name"),
                $"EKS offers no add-on named {TextLimit.Clip(addon.Name)} in {region.Name}; offered: {TextList.Join(offers.Select(offer => offer.Name).Order(StringComparer.Ordinal))}");
        }
        else if (versions.Count == 0)
        {
            context.Error(SpecPaths.Addon(index, "name"), $"{addon.Name} has no version compatible with Kubernetes {cluster.KubernetesVersion}");
        }
        else if (addon.Version is { } pinned && !versions.Contains(pinned, StringComparer.Ordinal))
        {
            context.Error(
                SpecPaths.Addon(index, "version"),
                $"{addon.Name} {TextLimit.Clip(pinned)} is not compatible with Kubernetes {cluster.KubernetesVersion}; compatible: {TextList.Join(versions.Take(5))}");
        }
    }
}
