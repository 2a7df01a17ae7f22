using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Revisions;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// <c>POST /api/environments/{id}/drift-checks</c> (202: a check of a Ready environment is under way; 409 naming
/// the status otherwise) and <c>GET /api/environments/{id}/drift</c> (the latest check).
/// </summary>
internal static class DriftEndpoints
{
    public static RouteGroupBuilder MapDriftEndpoints(this RouteGroupBuilder api)
    {
        var environments = api.MapGroup("/environments").WithTags("Drift");

        environments.MapPost("/{id:guid}/drift-checks", async (Guid id, HttpContext http, DriftService drift, CancellationToken ct) =>
        {
            try
            {
                var view = await drift.RequestAsync(http.User.ToCaller(), id, ct);
                return Results.Accepted($"/api/environments/{id}/drift", view);
            }
            catch (DriftCheckRefusedException refused)
            {
                return Results.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Not allowed in this status",
                    Detail = refused.Message,
                    Extensions =
                    {
                        ["currentStatus"] = refused.Status.ToString(),
                        ["allowedFrom"] = new[] { nameof(EnvironmentStatus.Ready) },
                    },
                });
            }
        })
            .RequireAuthorization(KundPolicies.Requester)
            .Produces<DriftView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Check the cloud against what Kund recorded, now");

        environments.MapGet("/{id:guid}/drift", async (Guid id, HttpContext http, DriftService drift, CancellationToken ct) =>
            Results.Ok(await drift.GetAsync(http.User.ToCaller(), id, ct)))
            .Produces<DriftView>()
            .WithSummary("The latest drift check");

        environments.MapPost("/{id:guid}/drift/reconcile", (Guid id, HttpContext http, DriftActions drift, RevisionService revisions, CancellationToken ct) =>
            ProposeAsync(id, http, revisions, () => drift.ReconcileAsync(http.User.ToCaller(), id, ct), ct))
            .RequireAuthorization(KundPolicies.Requester)
            .Produces<RevisionView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Propose a revision whose plan puts the drifted resources back as applied");

        environments.MapPost("/{id:guid}/drift/accept", (Guid id, HttpContext http, DriftActions drift, RevisionService revisions, CancellationToken ct) =>
            ProposeAsync(id, http, revisions, () => drift.AcceptAsync(http.User.ToCaller(), id, ct), ct))
            .RequireAuthorization(KundPolicies.Requester)
            .Produces<RevisionView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Propose a revision whose spec takes the cloud's drifted values");

        environments.MapPost("/{id:guid}/drift/unmanaged/{cloudId}/ignore", (Guid id, string cloudId, HttpContext http, UnmanagedActions unmanaged, CancellationToken ct) =>
            UnmanagedAsync(() => unmanaged.IgnoreAsync(http.User.ToCaller(), id, Uri.UnescapeDataString(cloudId), ct)))
            .RequireAuthorization(KundPolicies.Requester)
            .Produces<DriftView>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Leave an unmanaged resource alone: later checks no longer report it (audited)");

        environments.MapPost("/{id:guid}/drift/unmanaged/{cloudId}/delete", async (Guid id, string cloudId, HttpContext http, UnmanagedActions unmanaged, CancellationToken ct) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<LeftoversEndpoints.DeleteLeftoverRequest>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            // An ARN has slashes; routing leaves them escaped (%2F).
            cloudId = Uri.UnescapeDataString(cloudId);
            if (body!.Confirm != cloudId)
            {
                return ApiProblems.Field("confirm", $"Name the resource to delete: confirm must be '{QueryParameters.Show(cloudId)}', not '{QueryParameters.Show(body.Confirm ?? "")}'.");
            }

            return await UnmanagedAsync(() => unmanaged.DeleteAsync(http.User.ToCaller(), id, cloudId, ct));
        })
            .RequireAuthorization(KundPolicies.Admin)
            .Produces<DriftView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Admin: delete an unmanaged resource of the environment (audited); the body's confirm names it");
        return api;
    }

    /// <summary>200 with the drift as it now stands; 409 when the latest check does not report the resource (a check since, or none), it is not deleted here, or AWS refused.</summary>
    private static async Task<IResult> UnmanagedAsync(Func<Task<DriftView>> act)
    {
        try
        {
            return Results.Ok(await act());
        }
        catch (UnmanagedNotFoundException missing)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not in the latest drift check", detail: missing.Message);
        }
        catch (UnmanagedNotDeletableException refused)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not deleted here", detail: refused.Message);
        }
        catch (Amazon.Runtime.AmazonServiceException error)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "AWS refused", detail: $"{error.ErrorCode}: {error.Message}");
        }
    }

    /// <summary>201 with the new revision; 400 listing each drift item the action cannot take (nothing proposed).</summary>
    private static async Task<IResult> ProposeAsync(Guid id, HttpContext http, RevisionService revisions, Func<Task<EnvironmentRevision>> propose, CancellationToken ct)
    {
        try
        {
            var revision = await propose();
            var view = await revisions.ViewAsync(http.User.ToCaller(), revision, ct);
            return Results.Created($"/api/environments/{id}/revisions/{view.Number}", view);
        }
        catch (DriftActionRefusedException refused)
        {
            return Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Drift that cannot be acted on this way",
                Detail = refused.Message,
                Extensions = { ["items"] = refused.Items },
            });
        }
    }
}
