using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kund.Web.Health;

/// <summary>
/// <c>/healthz</c>: the process is alive. <c>/readyz</c>: the database answers and is migrated; JSON that
/// says why not (<c>{ "status", "checks": { "database": { "status", "reason" } } }</c>), 503 while it is not.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapKundHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReadinessAsync,
        });
        return endpoints;
    }

    /// <summary>The 503 for an API call while the database is gone; inside the exception handler, outside everything that reads the database.</summary>
    public static IApplicationBuilder UseKundDatabaseOutage(this IApplicationBuilder app) => app.UseMiddleware<DatabaseOutageMiddleware>();

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (report.Status != HealthStatus.Healthy)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), reason = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
