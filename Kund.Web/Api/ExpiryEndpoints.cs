using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// <c>POST /api/environments/{id}/extend {"days"}</c>: pushes <c>expiresAt</c> out. Within the team's maximum for
/// the purpose it moves at once; beyond it a member's extension is a request (202) that an approver who did not
/// ask for it approves or rejects (<c>…/extensions/{extensionId}/approve</c> · <c>/reject</c>), and an approver
/// outside the team extends at once. <c>GET /api/extensions</c> is what waits for approvers.
/// </summary>
internal static class ExpiryEndpoints
{
    public static RouteGroupBuilder MapExpiryEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/environments/{id:guid}/extend", ExtendAsync)
            .WithTags("Environments").WithSummary("Push expiresAt out: within the team's maximum at once, beyond it a request for an approver (202)");
        api.MapGet("/extensions", async (HttpContext http, ExtensionQueries queries, CancellationToken ct) =>
            Results.Ok(new { items = await queries.WaitingAsync(http.User.ToCaller(), ct) }))
            .WithTags("Extensions").WithSummary("Extension requests waiting for an approver, longest waiting first");
        var extensions = api.MapGroup("/environments/{id:guid}/extensions").WithTags("Extensions");
        extensions.MapGet("", async (Guid id, HttpContext http, ExtensionQueries queries, CancellationToken ct) =>
            Results.Ok(new { items = await queries.ListAsync(http.User.ToCaller(), id, ct) })).WithSummary("The environment's extension requests, newest first");
        extensions.MapGet("/{extensionId:guid}", async (Guid id, Guid extensionId, HttpContext http, ExtensionQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.GetAsync(http.User.ToCaller(), id, extensionId, ct))).WithSummary("One extension request");
        extensions.MapPost("/{extensionId:guid}/approve", (Guid id, Guid extensionId, HttpContext http, EnvironmentService service, ExtensionQueries queries, KundDbContext db, CancellationToken ct) =>
            RevisionEndpoints.WithCommentAsync(http, comment => DecideAsync(db, queries, http, id, () => service.ApproveExtensionAsync(http.User.ToCaller(), id, extensionId, comment, ct), ct), ct))
            .RequireAuthorization(KundPolicies.Approver).WithSummary("Approve a waiting extension (never its requester): expiresAt moves");
        extensions.MapPost("/{extensionId:guid}/reject", (Guid id, Guid extensionId, HttpContext http, EnvironmentService service, ExtensionQueries queries, KundDbContext db, CancellationToken ct) =>
            RevisionEndpoints.WithCommentAsync(http, comment => DecideAsync(db, queries, http, id, () => service.RejectExtensionAsync(http.User.ToCaller(), id, extensionId, comment, ct), ct), ct))
            .RequireAuthorization(KundPolicies.Approver).WithSummary("Reject a waiting extension: expiresAt stays");
        return api;
    }

    private static async Task<IResult> ExtendAsync(Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, ExtensionQueries extensions, KundDbContext db, CancellationToken ct)
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

        // The change commits only once its answer is built (as ViewedChange does for the environment view).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await service.ExtendAsync(caller, id, days, ct);
        if (outcome.Requested is { } requested)
        {
            var request = await extensions.GetAsync(caller, id, requested.Id, ct);
            await transaction.CommitAsync(ct);
            return Results.Accepted($"/api/environments/{id}/extensions/{request.Id}", request);
        }

        var view = await queries.GetAsync(caller, outcome.Extended!.Id, ct);
        await transaction.CommitAsync(ct);
        return Results.Ok(view);
    }

    private static async Task<IResult> DecideAsync(KundDbContext db, ExtensionQueries queries, HttpContext http, Guid id, Func<Task<ExtensionRequest>> decide, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var decided = await decide();
        var view = await queries.GetAsync(http.User.ToCaller(), id, decided.Id, ct);
        await transaction.CommitAsync(ct);
        return Results.Ok(view);
    }

    /// <summary>The body of an extend.</summary>
    public sealed record ExtendRequest(int? Days);
}
