using System.Globalization;
using Kund.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Health;

/// <summary>
/// While the database is unreachable, an API call answers 503 with <c>Retry-After</c> as problem+json
/// instead of a 500: the client did nothing wrong and may simply try again. Registered once for the
/// whole pipeline (authentication reads tokens from the database too); pages keep their error page.
/// </summary>
internal sealed class DatabaseOutageMiddleware(RequestDelegate next, ILogger<DatabaseOutageMiddleware> logger)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex) && IsApi(context.Request.Path) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("{Method} {Path}: the database is unreachable ({Reason}); answered 503", context.Request.Method, context.Request.Path, TransientDatabaseFailure.Describe(ex));
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = $"Kund cannot reach its database right now; nothing was changed. Try again in {(int)RetryAfter.TotalSeconds} s.",
            }).ExecuteAsync(context);
        }
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
