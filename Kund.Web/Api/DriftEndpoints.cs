using Kund.Domain.Environments;
using Kund.Infrastructure.Drift;
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
        return api;
    }
}
