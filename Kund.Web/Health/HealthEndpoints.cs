using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Kund.Web.Health;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the database answers and is migrated.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapKundHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
