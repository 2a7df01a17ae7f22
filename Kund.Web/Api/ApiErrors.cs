using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// Maps what the services throw to problem details for <c>/api</c>: 404 for what the caller may not know
/// exists, 403 for what they may not do, 409 for a move the status does not allow, 400 for a bad spec
/// with every error by path. An endpoint filter on the API group, so nothing else ever sees these.
/// A database outage is left to <c>DatabaseOutageMiddleware</c> (503 with Retry-After). Anything else is a
/// logged 500 problem.
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
            catch (Exception ex) when (!TransientDatabaseFailure.Is(ex) && (ex is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested))
            {
                // Answered here: left to the exception handler, a POST would be re-executed at /error and
                // come back as the sign-in form's antiforgery 400, hiding the fault from the client.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors))
                    .LogError(ex, "{Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Kund could not complete the request", detail: "The error was logged; try again later.");
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
        RevisionNotFoundException missing => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Revision not found",
            Detail = missing.Message,
        },
        RevisionConflictException conflict => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Not allowed in this status",
            Detail = conflict.Message,
            Extensions =
            {
                ["currentStatus"] = conflict.CurrentStatus,
                ["allowedFrom"] = conflict.AllowedFrom.ToArray(),
            },
        },
        ConcurrentChangeException concurrent => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed meanwhile",
            Detail = concurrent.Message,
        },
        ExtensionNotFoundException missingExtension => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Extension request not found",
            Detail = missingExtension.Message,
        },
        ExtensionPendingException pending => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "An extension already waits",
            Detail = pending.Message,
            Extensions =
            {
                ["pendingExtension"] = new { id = pending.Pending.Id, until = pending.Pending.Until, requestedBy = pending.Pending.RequestedBy, requestedAt = pending.Pending.RequestedAt },
            },
        },
        ExtensionDecidedException decided => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Not allowed in this status",
            Detail = decided.Message,
            Extensions =
            {
                ["currentStatus"] = decided.Request.Status.ToString(),
                ["allowedFrom"] = new[] { nameof(ExtensionStatus.PendingApproval) },
            },
        },
        SpecValidationException invalid => ApiProblems.Validation(invalid.Result.Errors, invalid.Result.Warnings, invalid.EffectiveSpec),
        _ => null,
    };
}
