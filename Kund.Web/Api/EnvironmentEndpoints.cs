using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>The environments part of api.md: drafts, their lifecycle, their plan and their events.</summary>
internal static class EnvironmentEndpoints
{
    public static RouteGroupBuilder MapEnvironmentEndpoints(this RouteGroupBuilder api)
    {
        var environments = api.MapGroup("/environments").WithTags("Environments");

        environments.MapPost("/validate", ValidateAsync).WithSummary("Validate a spec without storing it");
        environments.MapPost("", CreateAsync).RequireAuthorization(KundPolicies.Requester).WithSummary("Store a draft");
        environments.MapGet("", ListAsync).WithSummary("Environments the caller may see, newest first");
        environments.MapGet("/{id:guid}", GetAsync).WithName("GetEnvironment").WithSummary("One environment");
        environments.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(KundPolicies.Requester).WithSummary("Replace a draft's spec");
        environments.MapGet("/{id:guid}/plan", GetPlanAsync).WithSummary("The plan of what happens next");
        environments.MapPost("/{id:guid}/submit", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            ActAsync(id, http, db, queries, () => service.SubmitAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Draft → PendingApproval");
        environments.MapPost("/{id:guid}/approve", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(id, http, db, queries, () => service.ApproveAsync(http.User.ToCaller(), id, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("Approve (an approver, never the requester)");
        environments.MapPost("/{id:guid}/reject", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(id, http, db, queries, () => service.RejectAsync(http.User.ToCaller(), id, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("Reject (an approver)");
        environments.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            ActAsync(id, http, db, queries, () => service.CancelAsync(http.User.ToCaller(), id, ct), ct))
            .WithSummary("Draft or PendingApproval → Cancelled; Provisioning or Updating: stops the run (its team or an approver), which ends Failed");
        environments.MapPost("/{id:guid}/retry", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            ActAsync(id, http, db, queries, () => service.RetryAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Failed → Provisioning, resuming");
        environments.MapPost("/{id:guid}/destroy", DestroyAsync).RequireAuthorization(KundPolicies.Requester)
            .WithSummary("Ready or Failed → Destroying (prod waits for an approver); ?turnOffDeletionProtection=true confirms a protected cluster goes too");
        environments.MapPost("/{id:guid}/handover", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, CancellationToken ct) =>
            ActAsync(id, http, db, queries, () => service.HandOverAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Ready → HandedOver (managed with Terraform from now on)");
        environments.MapGet("/{id:guid}/events", GetEventsAsync).WithSummary("Progress events in order");
        return api;
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, EnvironmentService service, CancellationToken ct)
    {
        var (spec, problem) = await JsonBody.ReadAsync<EnvironmentSpec>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var check = await service.CheckAsync(spec!, ct);
        return Results.Ok(new ValidationResponse(check.Result.IsValid, check.Result.Errors, check.Result.Warnings, check.EffectiveSpec));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, EnvironmentService service, BlueprintEnvironments blueprints, EnvironmentQueries queries, KundDbContext db, CancellationToken ct)
    {
        http.Request.EnableBuffering();
        var (spec, problem) = await JsonBody.ReadAsync<EnvironmentSpec>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (fromBlueprint, choice, choiceProblem) = await BlueprintRequest.ReadAsync(http.Request, ct);
        if (choiceProblem is not null)
        {
            return choiceProblem;
        }

        var caller = http.User.ToCaller();
        var view = await ViewedChange.RunAsync(
            db,
            async () => (choice is null
                ? await service.CreateDraftAsync(caller, spec!, ct)
                : await blueprints.CreateDraftAsync(caller, fromBlueprint!, choice, wizardStep: null, ct)).Id,
            id => queries.GetAsync(caller, id, ct),
            ct);
        return Results.CreatedAtRoute("GetEnvironment", new { id = view.Id }, view);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, EnvironmentService service, BlueprintEnvironments blueprints, EnvironmentQueries queries, KundDbContext db, CancellationToken ct)
    {
        var (spec, problem) = await JsonBody.ReadAsync<EnvironmentSpec>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var caller = http.User.ToCaller();
        return Results.Ok(await ViewedChange.RunAsync(
            db,
            async () =>
            {
                var changed = await service.UpdateDraftAsync(caller, id, spec!, ct);
                await blueprints.RequireLockedAsync(changed, ct);
                return changed.Id;
            },
            changed => queries.GetAsync(caller, changed, ct),
            ct));
    }

    private static async Task<IResult> ListAsync(HttpContext http, EnvironmentQueries queries, string? status, string? team, string? cursor, string? limit, CancellationToken ct)
    {
        if (!QueryParameters.TryEnumList<EnvironmentStatus>("status", status, out var statuses, out var problem)
            || !QueryParameters.TryText("team", team, SpecLimits.TeamMaxLength, out problem))
        {
            return problem!;
        }

        if (cursor is not null && !Guid.TryParse(cursor, CultureInfo.InvariantCulture, out _))
        {
            return ApiProblems.Field("cursor", $"'{QueryParameters.Show(cursor)}' is not a cursor; pass the nextCursor of the previous page.");
        }

        if (!QueryParameters.TryLimit(limit, EnvironmentQueries.MaxLimit, out var take, out problem))
        {
            return problem!;
        }

        var page = await queries.ListInAsync(http.User.ToCaller(), statuses, team, cursor, take, ct);
        return Results.Ok(page);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, EnvironmentQueries queries, CancellationToken ct) =>
        Results.Ok(await queries.GetAsync(http.User.ToCaller(), id, ct));

    private static async Task<IResult> GetPlanAsync(Guid id, HttpContext http, EnvironmentQueries queries, CancellationToken ct) =>
        Results.Ok(await queries.GetPlanAsync(http.User.ToCaller(), id, ct));

    private static async Task<IResult> GetEventsAsync(Guid id, HttpContext http, EnvironmentQueries queries, string? after, CancellationToken ct)
    {
        long afterSeq = 0;
        if (!string.IsNullOrEmpty(after) && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq)))
        {
            return ApiProblems.Field("after", $"'{QueryParameters.Show(after)}' is not a sequence number; expected a whole number of at least 0.");
        }

        var events = await queries.GetEventsAsync(http.User.ToCaller(), id, afterSeq, ct);
        return Results.Ok(new { items = events.Select(ProgressMessage.From) });
    }

    private static async Task<IResult> DestroyAsync(Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, KundDbContext db, string? turnOffDeletionProtection, CancellationToken ct)
    {
        var confirmed = false;
        if (turnOffDeletionProtection is not null && !bool.TryParse(turnOffDeletionProtection, out confirmed))
        {
            return ApiProblems.Field(
                "turnOffDeletionProtection",
                $"'{QueryParameters.Show(turnOffDeletionProtection)}' is not true or false; true confirms that the destroy turns the cluster's deletion protection off first.");
        }

        return await ActAsync(id, http, db, queries, () => service.DestroyAsync(http.User.ToCaller(), id, confirmed, ct), ct);
    }

    private static async Task<IResult> ActAsync(Guid id, HttpContext http, KundDbContext db, EnvironmentQueries queries, Func<Task<TeamEnvironment>> action, CancellationToken ct) =>
        Results.Ok(await ViewedChange.RunAsync(db, async () => (await action()).Id, changed => queries.GetAsync(http.User.ToCaller(), changed, ct), ct));

    private static async Task<IResult> WithCommentAsync(HttpContext http, Func<string?, Task<IResult>> next, CancellationToken ct)
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

        if (comment is { Length: > SpecLimits.CommentMaxLength })
        {
            return ApiProblems.Field("comment", $"The comment has {comment.Length} characters; at most {SpecLimits.CommentMaxLength} are kept.");
        }

        return await next(comment);
    }

    private sealed record CommentRequest(string? Comment);

    private sealed record ValidationResponse(
        bool Valid,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Errors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings,
        EnvironmentSpec Spec);
}
