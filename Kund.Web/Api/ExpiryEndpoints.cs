using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;

namespace Kund.Web.Api;

/// <summary>
/// <c>POST /api/environments/{id}/extend {"days"}</c>: pushes <c>expiresAt</c> out. A member of the team may
/// extend within the team's maximum for the purpose; beyond it, an approver's extension is the approval.
/// </summary>
internal static class ExpiryEndpoints
{
    public static RouteGroupBuilder MapExpiryEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/environments/{id:guid}/extend", async (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<ExtendRequest>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Days is not { } days)
            {
                return ApiProblems.Field("days", "Give the number of days to extend by, e.g. { \"days\": 7 }.");
            }

            var caller = http.User.ToCaller();
            return Results.Ok(await ViewedChange.RunAsync(db, async () => (await service.ExtendAsync(caller, id, days, ct)).Id, changed => queries.GetAsync(caller, changed, ct), ct));
        }).WithTags("Environments").WithSummary("Push expiresAt out, within the team's maximum (beyond it: an approver)");
        return api;
    }

    /// <summary>The body of an extend.</summary>
    public sealed record ExtendRequest(int? Days);
}
