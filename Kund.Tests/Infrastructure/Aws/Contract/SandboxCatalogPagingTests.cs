using Kund.Domain.Specs;
using Kund.Infrastructure.Catalog;

namespace Kund.Tests.Infrastructure.Aws.Contract;

public sealed class SandboxCatalogPagingTests
{
    [Fact]
    public async Task CloudCatalog_SandboxPagesClusterVersions_OffersEveryVersion()
    {
        using var cloud = new SandboxCloudUnderTest();
        using var source = new CloudCatalogSource(cloud.Clients, cloud.Time);

        var catalog = await source.GetAsync(CancellationToken.None);

        var region = Assert.Single(catalog.Regions, r => r.Name == SeedEnvironment.Region);
        Assert.Equal(["1.35", "1.34", "1.33"], region.KubernetesVersions.Select(v => v.Version));
        Assert.Equal(SupportTier.Extended, region.FindKubernetesVersion("1.33")!.Tier);
    }
}
