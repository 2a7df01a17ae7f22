using Amazon.EC2.Model;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Catalog;

/// <summary>What the cloud offers: regions with their zones, the instance types EC2 offers and the Kubernetes versions and add-ons EKS offers in each.</summary>
public interface ICloudCatalog
{
    Task<CloudCatalog> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Asks the cloud (EC2 DescribeRegions, DescribeAvailabilityZones and DescribeInstanceTypeOfferings, EKS
/// DescribeClusterVersions and DescribeAddonVersions, every page of each) and
/// keeps the answer for a while: the wizard validates on every keystroke and must not spend the Describe
/// budget the waiters need.
/// </summary>
public sealed class CloudCatalogSource(AwsClients clients, TimeProvider time) : ICloudCatalog, IDisposable
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (CloudCatalog Catalog, DateTimeOffset At)? cached;

    /// <summary>MaxResults of each DescribeInstanceTypeOfferings page: EC2's largest; tests ask for small pages.</summary>
    internal int InstanceTypePageSize { get; init; } = 1000;

    public async Task<CloudCatalog> GetAsync(CancellationToken cancellationToken)
    {
        if (cached is { } fresh && time.GetUtcNow() - fresh.At < KeepFor)
        {
            return fresh.Catalog;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } again && time.GetUtcNow() - again.At < KeepFor)
            {
                return again.Catalog;
            }

            var catalog = await LoadAsync(cancellationToken);
            cached = (catalog, time.GetUtcNow());
            return catalog;
        }
        finally
        {
            refresh.Release();
        }
    }

    public void Dispose() => refresh.Dispose();

    private async Task<CloudCatalog> LoadAsync(CancellationToken cancellationToken)
    {
        var regions = await clients.Ec2().DescribeRegionsAsync(new DescribeRegionsRequest(), cancellationToken);
        var loaded = await Task.WhenAll((regions.Regions ?? []).Select(r => LoadRegionAsync(r.RegionName, cancellationToken)));
        return new CloudCatalog([.. loaded.OrderBy(r => r.Name, StringComparer.Ordinal)]);
    }

    private async Task<CloudRegion> LoadRegionAsync(string region, CancellationToken cancellationToken)
    {
        var zones = await clients.Ec2(region).DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), cancellationToken);
        var versions = await clients.Eks(region).DescribeAllClusterVersionsAsync(new DescribeClusterVersionsRequest(), cancellationToken);
        var offers = versions
            .Where(v => v.ClusterVersion is not null && v.VersionStatus is "STANDARD_SUPPORT" or "EXTENDED_SUPPORT")
            .Select(v => new KubernetesVersionOffer(v.ClusterVersion!, v.VersionStatus == "EXTENDED_SUPPORT" ? SupportTier.Extended : SupportTier.Standard))
            .OrderByDescending(v => Version.TryParse(v.Version, out var parsed) ? parsed : new Version(0, 0))
            .ToList();
        var zoneNames = (zones.AvailabilityZones ?? [])
            .Where(z => z.State is null || z.State.Value == "available")
            .Select(z => z.ZoneName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var addonInfos = await clients.Eks(region).DescribeAllAddonVersionsAsync(new DescribeAddonVersionsRequest(), cancellationToken);
        var addons = addonInfos
            .Where(a => !string.IsNullOrEmpty(a.AddonName))
            .Select(a => new AddonOffer(
                a.AddonName!,
                [.. a.AddonVersions
                    .Where(v => !string.IsNullOrEmpty(v.AddonVersion))
                    .Select(v => new AddonVersionOffer(v.AddonVersion!, [.. v.Compatibilities.Select(c => c.ClusterVersion).OfType<string>()]))]))
            .ToList();
        var instanceTypes = await InstanceTypesAsync(region, cancellationToken);
        return new CloudRegion(region, zoneNames, offers, instanceTypes, addons);
    }

    /// <summary>The instance types EC2 offers in <paramref name="region"/>, every page, ordered by name.</summary>
    private async Task<IReadOnlyList<string>> InstanceTypesAsync(string region, CancellationToken cancellationToken)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await clients.Ec2(region).DescribeInstanceTypeOfferingsAsync(
                new DescribeInstanceTypeOfferingsRequest { LocationType = Amazon.EC2.LocationType.Region, MaxResults = InstanceTypePageSize, NextToken = token },
                cancellationToken);
            foreach (var offering in page.InstanceTypeOfferings ?? [])
            {
                if (offering.InstanceType?.Value is { Length: > 0 } type)
                {
                    types.Add(type);
                }
            }

            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (token is not null);

        return [.. types];
    }
}
