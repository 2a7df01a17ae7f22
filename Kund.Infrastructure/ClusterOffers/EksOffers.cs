using System.Collections.Concurrent;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.ClusterOffers;

/// <summary>
/// What EKS offers for a cluster, asked of the cloud: the managed add-ons and their versions compatible with a
/// Kubernetes version (DescribeAddonVersions), and each Kubernetes version's support calendar
/// (DescribeClusterVersions). Kept for a while per question, as the catalog is: the wizard asks on every step.
/// </summary>
public sealed class EksOffers(AwsClients clients, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Region, string Version), (IReadOnlyList<EksAddonOffer> Offers, DateTimeOffset At)> addons = new();
    private readonly ConcurrentDictionary<string, (IReadOnlyList<KubernetesVersionSupport> Versions, DateTimeOffset At)> calendars = new(StringComparer.Ordinal);

    /// <summary>Every add-on with at least one version compatible with <paramref name="kubernetesVersion"/>, by name; versions newest first.</summary>
    public async Task<IReadOnlyList<EksAddonOffer>> AddonsAsync(string region, string kubernetesVersion, CancellationToken cancellationToken)
    {
        if (addons.TryGetValue((region, kubernetesVersion), out var kept) && time.GetUtcNow() - kept.At < KeepFor)
        {
            return kept.Offers;
        }

        var infos = await clients.Eks(region).DescribeAllAddonVersionsAsync(new DescribeAddonVersionsRequest { KubernetesVersion = kubernetesVersion }, cancellationToken);
        IReadOnlyList<EksAddonOffer> offers = [.. infos
            .Where(a => !string.IsNullOrEmpty(a.AddonName))
            .Select(a => new EksAddonOffer(
                a.AddonName!,
                a.Type,
                [.. a.AddonVersions
                    .Where(v => !string.IsNullOrEmpty(v.AddonVersion) && v.Compatibilities.Any(c => c.ClusterVersion == kubernetesVersion))
                    .Select(v => new EksAddonVersionOffer(v.AddonVersion!, v.Compatibilities.Any(c => c.ClusterVersion == kubernetesVersion && c.DefaultVersion == true)))
                    .OrderByDescending(v => v.Version, AddonVersionOrder.Instance)]))
            .Where(a => a.Versions.Count > 0)
            .OrderBy(a => a.Name, StringComparer.Ordinal)];
        addons[(region, kubernetesVersion)] = (offers, time.GetUtcNow());
        return offers;
    }

    /// <summary>The Kubernetes versions EKS supports in <paramref name="region"/>, newest first, with the end of each support tier.</summary>
    public async Task<IReadOnlyList<KubernetesVersionSupport>> CalendarAsync(string region, CancellationToken cancellationToken)
    {
        if (calendars.TryGetValue(region, out var kept) && time.GetUtcNow() - kept.At < KeepFor)
        {
            return kept.Versions;
        }

        var versions = await clients.Eks(region).DescribeAllClusterVersionsAsync(new DescribeClusterVersionsRequest(), cancellationToken);
        IReadOnlyList<KubernetesVersionSupport> calendar = [.. versions
            .Where(v => v.ClusterVersion is not null && v.VersionStatus is "STANDARD_SUPPORT" or "EXTENDED_SUPPORT")
            .Select(v => new KubernetesVersionSupport(
                v.ClusterVersion!,
                v.VersionStatus == "EXTENDED_SUPPORT" ? SupportTier.Extended : SupportTier.Standard,
                Day(v.EndOfStandardSupportDate),
                Day(v.EndOfExtendedSupportDate)))
            .OrderByDescending(v => Version.TryParse(v.Version, out var parsed) ? parsed : new Version(0, 0))];
        calendars[region] = (calendar, time.GetUtcNow());
        return calendar;
    }

    private static DateOnly? Day(DateTime? at) => at is { } value ? DateOnly.FromDateTime(value.ToUniversalTime()) : null;
}

/// <summary>A managed add-on EKS offers for one Kubernetes version; <see cref="Versions"/> newest first.</summary>
public sealed record EksAddonOffer(string Name, string? Type, IReadOnlyList<EksAddonVersionOffer> Versions)
{
    /// <summary>What a spec's <c>version: null</c> becomes: the newest compatible version.</summary>
    public string Newest => Versions[0].Version;
}

/// <summary>One add-on version; <see cref="IsDefault"/> is what EKS itself would install when none is named.</summary>
public sealed record EksAddonVersionOffer(string Version, bool IsDefault);

/// <summary>A Kubernetes version with the dates its standard and extended support end (null when the cloud does not say).</summary>
public sealed record KubernetesVersionSupport(string Version, SupportTier Tier, DateOnly? EndOfStandardSupport, DateOnly? EndOfExtendedSupport);
