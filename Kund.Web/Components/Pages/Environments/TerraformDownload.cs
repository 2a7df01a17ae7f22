using Kund.Infrastructure.Terraform;
using Kund.Web.Api;
using Kund.Web.Identity;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The environment page's "Export to Terraform": the same zip and answers as <c>GET /api/environments/{id}/terraform</c>,
/// for the person signed in with the session cookie, as "Download kubeconfig" does.
/// </summary>
internal static class TerraformDownload
{
    public static string PathOf(Guid environmentId) => $"/environments/{environmentId:D}/terraform";

    public static IEndpointRouteBuilder MapTerraformDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/environments").MapApiErrors()
            .MapGet("/{id:guid}/terraform", (Guid id, HttpContext http, TerraformExportSource source, CancellationToken ct) => TerraformEndpoints.GetAsync(id, http, source, ct))
            .RequireAuthorization(KundPolicies.Authenticated)
            .ExcludeFromDescription();
        return endpoints;
    }
}
