using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Api;

/// <summary><c>GET /api/quotas?region=</c>: the account's per-region VPC and Elastic IP quotas, shared by every team, and how much is taken.</summary>
internal static class QuotaEndpoints
{
    public static RouteGroupBuilder MapQuotaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/quotas", async (string? region, ICloudCatalog catalog, AccountQuotas quotas, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                return ApiProblems.Field("region", "Name a region, e.g. ?region=ap-northeast-2.");
            }

            var cloud = await catalog.GetAsync(ct);
            if (cloud.FindRegion(region) is null)
            {
                return ApiProblems.Field("region", $"'{QueryParameters.Show(region)}' is not a region; expected one of {string.Join(", ", cloud.Regions.Select(r => r.Name))}.");
            }

            return Results.Ok(await quotas.UsageAsync(region, excludeId: null, ct));
        }).WithTags("Catalog").WithSummary("The account's VPC and Elastic IP quotas in a region, and how much live environments of all teams take");
        return api;
    }
}
