using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.ClusterOffers;

namespace Kund.Web.Api;

/// <summary>The managed add-ons EKS offers for a Kubernetes version, asked of the cloud, for the wizard and for automation.</summary>
internal static class EksAddonEndpoints
{
    public static RouteGroupBuilder MapEksAddonEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/eks-addons", ListAsync).WithTags("Catalog").WithSummary("Add-ons and their versions compatible with a Kubernetes version, newest first");
        return api;
    }

    private static async Task<IResult> ListAsync(string? region, string? kubernetesVersion, ICloudCatalog catalog, EksOffers offers, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return ApiProblems.Field("region", "Name a region, e.g. ?region=ap-northeast-2&kubernetesVersion=1.34.");
        }

        var cloud = await catalog.GetAsync(ct);
        if (cloud.FindRegion(region) is not { } found)
        {
            return ApiProblems.Field("region", $"'{QueryParameters.Show(region)}' is not a region; expected one of {string.Join(", ", cloud.Regions.Select(r => r.Name))}.");
        }

        if (string.IsNullOrWhiteSpace(kubernetesVersion))
        {
            return ApiProblems.Field("kubernetesVersion", $"Name a Kubernetes version EKS offers in {found.Name}: {Offered(found)}.");
        }

        if (found.FindKubernetesVersion(kubernetesVersion) is null)
        {
            return ApiProblems.Field("kubernetesVersion", $"'{QueryParameters.Show(kubernetesVersion)}' is not a Kubernetes version EKS offers in {found.Name}; expected one of {Offered(found)}.");
        }

        var addons = await offers.AddonsAsync(found.Name, kubernetesVersion, ct);
        return Results.Ok(addons.Select(a => new
        {
            name = a.Name,
            type = a.Type,
            versions = a.Versions.Select(v => new { version = v.Version, defaultVersion = v.IsDefault }),
        }));
    }

    private static string Offered(Kund.Domain.Specs.CloudRegion region) => string.Join(", ", region.KubernetesVersions.Select(v => v.Version));
}
