using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// Maps what the services throw to problem details for <c>/api</c>: 404 for what the caller may not know
/// exists, 403 for what they may not do, 409 for a move the status does not allow, 400 for a bad spec
/// with every error by path. An endpoint filter on the API group, so nothing else ever sees these.
/// Anything else stays a 500 and is logged.
/// </summary>
internal static class ApiErrors
{
    public static RouteGroupBuilder MapApiErrors(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception ex) when (ToProblem(ex) is { } problem)
            {
                return Results.Problem(problem);
            }
        });
        return api;
    }

    public static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        EnvironmentNotFoundException notFound => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Environment not found",
            Detail = $"There is no environment {notFound.Id} you can see.",
        },
        FourEyesViolationException fourEyes => new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Four-eyes rule",
            Detail = fourEyes.Message,
        },
        AccessDeniedException denied => new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Not allowed",
            Detail = denied.Message,
        },
        InvalidTransitionException transition => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Not allowed in this status",
            Detail = transition.Message,
            Extensions =
            {
                // Not "status": that member already holds the HTTP status, and a second one makes the JSON ambiguous.
                ["currentStatus"] = transition.From.ToString(),
                ["allowedFrom"] = transition.AllowedFrom.Select(s => s.ToString()).ToArray(),
            },
        },
        ConcurrentChangeException concurrent => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed meanwhile",
            Detail = concurrent.Message,
        },
        SpecValidationException invalid => ApiProblems.Validation(invalid.Result.Errors, invalid.Result.Warnings, invalid.EffectiveSpec),
        _ => null,
    };
}
