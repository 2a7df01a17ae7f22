using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Revisions;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>The revisions part of api.md: an environment's spec history, proposed changes, their diff plans and their four-eyes flow.</summary>
internal static class RevisionEndpoints
{
    public static RouteGroupBuilder MapRevisionEndpoints(this RouteGroupBuilder api)
    {
        var revisions = api.MapGroup("/environments/{id:guid}/revisions").WithTags("Revisions");
        revisions.MapGet("", async (Guid id, HttpContext http, RevisionService service, CancellationToken ct) =>
            Results.Ok(new { items = await service.ListAsync(http.User.ToCaller(), id, ct) })).WithSummary("Every revision of the spec, newest first");
        revisions.MapPost("", ProposeAsync).RequireAuthorization(KundPolicies.Requester).WithSummary("Propose a change (or rollbackTo a revision): a new revision in Draft");
        revisions.MapGet("/{n:int}", async (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            Results.Ok(await service.GetAsync(http.User.ToCaller(), id, n, ct))).WithSummary("One revision");
        revisions.MapGet("/{n:int}/plan", async (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            Results.Ok(await service.GetPlanAsync(http.User.ToCaller(), id, n, ct))).WithSummary("The revision's diff plan");
        revisions.MapPost("/{n:int}/submit", (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            ActAsync(http, service, () => service.SubmitAsync(http.User.ToCaller(), id, n, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Draft → PendingApproval");
        revisions.MapPost("/{n:int}/approve", (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(http, service, () => service.ApproveAsync(http.User.ToCaller(), id, n, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("One approval (never an author's); enough distinct ones approve the change");
        revisions.MapPost("/{n:int}/reject", (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(http, service, () => service.RejectAsync(http.User.ToCaller(), id, n, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("Reject (an approver)");
        revisions.MapPost("/{n:int}/cancel", (Guid id, int n, HttpContext http, RevisionService service, CancellationToken ct) =>
            ActAsync(http, service, () => service.CancelAsync(http.User.ToCaller(), id, n, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Draft or PendingApproval → Cancelled");
        return api;
    }

    private static async Task<IResult> ProposeAsync(Guid id, HttpContext http, RevisionService service, CancellationToken ct)
    {
        var caller = http.User.ToCaller();
        await service.RequireMemberAsync(caller, id, ct);
        var (body, problem) = await JsonBody.ReadAsync<ProposeRequest>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Comment is { Length: > SpecLimits.CommentMaxLength } comment)
        {
            return ApiProblems.Field("comment", $"The comment has {comment.Length} characters; at most {SpecLimits.CommentMaxLength} are kept.");
        }

        if (body.RollbackTo is < 1)
        {
            return ApiProblems.Field("rollbackTo", $"{body.RollbackTo} is not a revision number; revisions count from 1.");
        }

        var revision = await service.ProposeAsync(caller, id, body.Spec, body.RollbackTo, body.Comment, ct);
        var view = await service.ViewAsync(caller, revision, ct);
        return Results.Created($"/api/environments/{id}/revisions/{view.Number}", view);
    }

    private static async Task<IResult> ActAsync(HttpContext http, RevisionService service, Func<Task<EnvironmentRevision>> action, CancellationToken ct)
    {
        var revision = await action();
        return Results.Ok(await service.ViewAsync(http.User.ToCaller(), revision, ct));
    }

    internal static async Task<IResult> WithCommentAsync(HttpContext http, Func<string?, Task<IResult>> next, CancellationToken ct)
    {
        string? comment = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<CommentRequest>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            comment = body!.Comment;
        }

        return comment is { Length: > SpecLimits.CommentMaxLength }
            ? ApiProblems.Field("comment", $"The comment has {comment.Length} characters; at most {SpecLimits.CommentMaxLength} are kept.")
            : await next(comment);
    }

    private sealed record CommentRequest(string? Comment);

    /// <summary>The body of a proposal: the changed spec, or the number of a revision to roll back to.</summary>
    private sealed record ProposeRequest(EnvironmentSpec? Spec, int? RollbackTo, string? Comment);
}
