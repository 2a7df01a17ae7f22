using System.Text.Json.Serialization;

namespace Kund.Domain.Specs;

/// <summary>
/// What the cloud offers, as far as a spec's rules and defaults care: regions with their availability
/// zones and the Kubernetes versions EKS offers there. Filled from the cloud by the infrastructure
/// (DescribeAvailabilityZones, DescribeClusterVersions); the domain never hard-codes it.
/// </summary>
public sealed record CloudCatalog(IReadOnlyList<CloudRegion> Regions)
{
    /// <summary>The region named <paramref name="name"/> (ordinal), or null.</summary>
    public CloudRegion? FindRegion(string? name) =>
        Regions.FirstOrDefault(region => string.Equals(region.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// A region; <see cref="AvailabilityZones"/> in the cloud's order (the default layout takes the first two).
/// <see cref="InstanceTypes"/> and <see cref="Addons"/> are null when the cloud was not asked (or could not
/// say): the rules that need them are then skipped rather than guessed.
/// </summary>
public sealed record CloudRegion(
    string Name,
    IReadOnlyList<string> AvailabilityZones,
    IReadOnlyList<KubernetesVersionOffer> KubernetesVersions,
    IReadOnlyList<string>? InstanceTypes = null,
    IReadOnlyList<AddonOffer>? Addons = null)
{
    /// <summary>The versions of add-on <paramref name="name"/> compatible with <paramref name="kubernetesVersion"/>; null when EKS has no such add-on.</summary>
    public IReadOnlyList<string>? AddonVersions(string name, string kubernetesVersion) =>
        Addons?.FirstOrDefault(addon => string.Equals(addon.Name, name, StringComparison.Ordinal)) is { } offer
            ? [.. offer.Versions.Where(version => version.KubernetesVersions.Contains(kubernetesVersion, StringComparer.Ordinal)).Select(version => version.Version)]
            : null;

    /// <summary>The offer for <paramref name="version"/> (e.g. "1.34"), or null when EKS does not offer it here.</summary>
    public KubernetesVersionOffer? FindKubernetesVersion(string? version) =>
        KubernetesVersions.FirstOrDefault(offer => string.Equals(offer.Version, version, StringComparison.Ordinal));
}

/// <summary>A managed add-on EKS offers in a region, with every version and the Kubernetes versions it is compatible with.</summary>
public sealed record AddonOffer(string Name, IReadOnlyList<AddonVersionOffer> Versions);

/// <summary>One version of an add-on and the cluster versions it runs on (DescribeAddonVersions' compatibilities).</summary>
public sealed record AddonVersionOffer(string Version, IReadOnlyList<string> KubernetesVersions);

/// <summary>A Kubernetes version EKS offers, with the support tier that sets the cluster's hourly price.</summary>
public sealed record KubernetesVersionOffer(string Version, SupportTier Tier);

/// <summary>EKS support tiers: 14 months standard, then 12 months extended at six times the price.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupportTier>))]
public enum SupportTier
{
    [JsonStringEnumMemberName("standard")] Standard,
    [JsonStringEnumMemberName("extended")] Extended,
}
