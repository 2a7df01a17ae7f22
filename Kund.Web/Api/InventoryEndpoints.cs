using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Api;

/// <summary>The inventory: every cloud resource Kund manages, by team, kind and state.</summary>
internal static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/resources", async (HttpContext http, EnvironmentQueries queries, string? team, string? kind, string? state, CancellationToken ct) =>
        {
            ResourceKind? parsedKind = null;
            if (!string.IsNullOrEmpty(kind))
            {
                if (!Enum.TryParse<ResourceKind>(kind, ignoreCase: true, out var k) || int.TryParse(kind, out _))
                {
                    return ApiProblems.Field("kind", $"'{EnvironmentEndpoints.Clip(kind)}' is not a kind; expected one of {string.Join(", ", Enum.GetNames<ResourceKind>())}.");
                }

                parsedKind = k;
            }

            ResourceState? parsedState = null;
            if (!string.IsNullOrEmpty(state))
            {
                if (!Enum.TryParse<ResourceState>(state, ignoreCase: true, out var s) || int.TryParse(state, out _))
                {
                    return ApiProblems.Field("state", $"'{EnvironmentEndpoints.Clip(state)}' is not a state; expected one of {string.Join(", ", Enum.GetNames<ResourceState>())}.");
                }

                parsedState = s;
            }

            var items = await queries.GetInventoryAsync(http.User.ToCaller(), team, parsedKind, parsedState, ct);
            return Results.Ok(new { items });
        }).WithTags("Inventory").WithSummary("Cloud resources Kund manages");
        return api;
    }
}
