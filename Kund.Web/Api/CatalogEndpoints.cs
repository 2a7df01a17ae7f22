using Kund.Infrastructure.Catalog;

namespace Kund.Web.Api;

/// <summary>What the cloud offers, for the wizard and for automation.</summary>
internal static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/regions", async (ICloudCatalog catalog, CancellationToken ct) =>
        {
            var cloud = await catalog.GetAsync(ct);
            return Results.Ok(cloud.Regions.Select(r => new { name = r.Name, availabilityZones = r.AvailabilityZones }));
        }).WithTags("Catalog").WithSummary("Regions with their availability zones");

        api.MapGet("/kubernetes-versions", async (string? region, ICloudCatalog catalog, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                return ApiProblems.Field("region", "Name a region, e.g. ?region=ap-northeast-2.");
            }

            var cloud = await catalog.GetAsync(ct);
            var found = cloud.FindRegion(region);
            return found is null
                ? ApiProblems.Field("region", $"'{QueryParameters.Show(region)}' is not a region; expected one of {string.Join(", ", cloud.Regions.Select(r => r.Name))}.")
                : Results.Ok(found.KubernetesVersions.Select(v => new { version = v.Version, support = v.Tier }));
        }).WithTags("Catalog").WithSummary("Kubernetes versions EKS offers in a region");
        return api;
    }
}
