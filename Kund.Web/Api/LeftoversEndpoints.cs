using Amazon.Runtime;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Leftovers;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/leftovers?region=</c> and <c>POST /api/leftovers/{cloudId}/delete?region=</c> (admins): what
/// bills in a region and belongs to no live environment, and deleting one. The delete names the item twice —
/// in the path and as the body's <c>confirm</c> — so a slip of the mouse deletes nothing.
/// </summary>
internal static class LeftoversEndpoints
{
    public static RouteGroupBuilder MapLeftoversEndpoints(this RouteGroupBuilder api)
    {
        var leftovers = api.MapGroup("/leftovers").WithTags("Leftovers").RequireAuthorization(KundPolicies.Admin);

        leftovers.MapGet("", async (string? region, ICloudCatalog catalog, LeftoversService service, CancellationToken ct) =>
            await RegionProblemAsync(region, catalog, ct) ?? Results.Ok(await service.ListAsync(region!, ct)))
            .WithSummary("Cloud resources that cost money and belong to no live environment");

        leftovers.MapPost("/{cloudId}/delete", async (string cloudId, string? region, HttpContext http, ICloudCatalog catalog, LeftoversService service, CancellationToken ct) =>
        {
            if (await RegionProblemAsync(region, catalog, ct) is { } badRegion)
            {
                return badRegion;
            }

            var (body, problem) = await JsonBody.ReadAsync<DeleteLeftoverRequest>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            // A load balancer's ARN has slashes; routing leaves them escaped (%2F).
            cloudId = Uri.UnescapeDataString(cloudId);
            if (body!.Confirm != cloudId)
            {
                return ApiProblems.Field("confirm", $"Name the leftover to delete: confirm must be '{QueryParameters.Show(cloudId)}', not '{QueryParameters.Show(body.Confirm ?? "")}'.");
            }

            try
            {
                return Results.Ok(await service.DeleteAsync(http.User.ToCaller(), region!, cloudId, ct));
            }
            catch (LeftoverNotFoundException)
            {
                return KundResults.NotFound();
            }
            catch (LeftoverNotDeletableException error)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not deleted here", detail: error.Message);
            }
            catch (AmazonServiceException error)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "AWS refused", detail: $"{error.ErrorCode}: {error.Message}");
            }
        }).WithSummary("Delete one leftover (audited); the body's confirm names it");
        return api;
    }

    private static async Task<IResult?> RegionProblemAsync(string? region, ICloudCatalog catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return ApiProblems.Field("region", "Name a region, e.g. ?region=ap-northeast-2.");
        }

        var cloud = await catalog.GetAsync(ct);
        return cloud.FindRegion(region) is null
            ? ApiProblems.Field("region", $"'{QueryParameters.Show(region)}' is not a region; expected one of {string.Join(", ", cloud.Regions.Select(r => r.Name))}.")
            : null;
    }

    /// <summary>The body of a delete: the cloud id once more.</summary>
    public sealed record DeleteLeftoverRequest(string? Confirm);
}
