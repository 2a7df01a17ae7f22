using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Progress;
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
        environments.MapPost("/{id:guid}/submit", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            ActAsync(id, http, queries, () => service.SubmitAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Draft → PendingApproval");
        environments.MapPost("/{id:guid}/approve", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(id, http, queries, () => service.ApproveAsync(http.User.ToCaller(), id, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("Approve (an approver, never the requester)");
        environments.MapPost("/{id:guid}/reject", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            WithCommentAsync(http, comment => ActAsync(id, http, queries, () => service.RejectAsync(http.User.ToCaller(), id, comment, ct), ct), ct)).RequireAuthorization(KundPolicies.Approver).WithSummary("Reject (an approver)");
        environments.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            ActAsync(id, http, queries, () => service.CancelAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Draft or PendingApproval → Cancelled");
        environments.MapPost("/{id:guid}/retry", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            ActAsync(id, http, queries, () => service.RetryAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Failed → Provisioning, resuming");
        environments.MapPost("/{id:guid}/destroy", (Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct) =>
            ActAsync(id, http, queries, () => service.DestroyAsync(http.User.ToCaller(), id, ct), ct)).RequireAuthorization(KundPolicies.Requester).WithSummary("Ready or Failed → Destroying (prod waits for an approver)");
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

    private static async Task<IResult> CreateAsync(HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct)
    {
        var (spec, problem) = await JsonBody.ReadAsync<EnvironmentSpec>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var caller = http.User.ToCaller();
        var environment = await service.CreateDraftAsync(caller, spec!, ct);
        var view = await queries.GetAsync(caller, environment.Id, ct);
        return Results.CreatedAtRoute("GetEnvironment", new { id = environment.Id }, view);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, EnvironmentService service, EnvironmentQueries queries, CancellationToken ct)
    {
        var (spec, problem) = await JsonBody.ReadAsync<EnvironmentSpec>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var caller = http.User.ToCaller();
        await service.UpdateDraftAsync(caller, id, spec!, ct);
        return Results.Ok(await queries.GetAsync(caller, id, ct));
    }

    private static async Task<IResult> ListAsync(HttpContext http, EnvironmentQueries queries, string? status, string? team, string? cursor, string? limit, CancellationToken ct)
    {
        EnvironmentStatus? parsedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<EnvironmentStatus>(status, ignoreCase: true, out var s) || int.TryParse(status, out _))
            {
                return ApiProblems.Field("status", $"'{Clip(status)}' is not a status; expected one of {string.Join(", ", Enum.GetNames<EnvironmentStatus>())}.");
            }

            parsedStatus = s;
        }

        if (cursor is not null && !Guid.TryParse(cursor, CultureInfo.InvariantCulture, out _))
        {
            return ApiProblems.Field("cursor", $"'{Clip(cursor)}' is not a cursor; pass the nextCursor of the previous page.");
        }

        if (!TryLimit(limit, EnvironmentQueries.MaxLimit, out var take, out var limitProblem))
        {
            return limitProblem!;
        }

        var page = await queries.ListAsync(http.User.ToCaller(), parsedStatus, team, cursor, take, ct);
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
            return ApiProblems.Field("after", $"'{Clip(after)}' is not a sequence number; expected a whole number of at least 0.");
        }

        var events = await queries.GetEventsAsync(http.User.ToCaller(), id, afterSeq, ct);
        return Results.Ok(new { items = events.Select(ProgressMessage.From) });
    }

    private static async Task<IResult> ActAsync(Guid id, HttpContext http, EnvironmentQueries queries, Func<Task<TeamEnvironment>> action, CancellationToken ct)
    {
        await action();
        return Results.Ok(await queries.GetAsync(http.User.ToCaller(), id, ct));
    }

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

        if (comment is { Length: > 2000 })
        {
            return ApiProblems.Field("comment", $"The comment has {comment.Length} characters; at most 2000 are kept.");
        }

        return await next(comment);
    }

    internal static bool TryLimit(string? limit, int max, out int? take, out IResult? problem)
    {
        take = null;
        problem = null;
        if (string.IsNullOrEmpty(limit))
        {
            return true;
        }

        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            problem = ApiProblems.Field("limit", $"'{Clip(limit)}' is not a page size; expected a whole number from 1 to {max}.");
            return false;
        }

        take = value;
        return true;
    }

    internal static string Clip(string value) => value.Length > 64 ? value[..64] + "…" : value;

    private sealed record CommentRequest(string? Comment);

    private sealed record ValidationResponse(
        bool Valid,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Errors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings,
        EnvironmentSpec Spec);
}

/// <summary>A progress event as api.md's hub and events endpoint carry it.</summary>
public sealed record ProgressMessage(Guid EnvironmentId, long Seq, DateTimeOffset At, string? ResourceKey, string? State, string? Status, string Message, int Percent)
{
    public static ProgressMessage From(ProgressEvent e) =>
        new(e.EnvironmentId, e.Sequence, e.At, e.ResourceKey, e.State?.ToString(), e.Status, e.Message, e.Percent);

    public static ProgressMessage From(ProgressNotification n) =>
        new(n.EnvironmentId, n.Seq, n.At, n.ResourceKey, n.State?.ToString(), n.Status, n.Message, n.Percent);
}
