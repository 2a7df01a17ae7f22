using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Api;

/// <summary>The inventory: every cloud resource Kund manages, by team, kind and state.</summary>
internal static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/resources", async (HttpContext http, EnvironmentQueries queries, string? team, string? kind, string? state, CancellationToken ct) =>
        {
            if (!QueryParameters.TryText("team", team, SpecLimits.TeamMaxLength, out var problem)
                || !QueryParameters.TryEnum<ResourceKind>("kind", kind, out var parsedKind, out problem)
                || !QueryParameters.TryEnum<ResourceState>("state", state, out var parsedState, out problem))
            {
                return problem!;
            }

            var items = await queries.GetInventoryAsync(http.User.ToCaller(), team, parsedKind, parsedState, ct);
            return Results.Ok(new { items });
        }).WithTags("Inventory").WithSummary("Cloud resources Kund manages");
        return api;
    }
}
