using Kund.Infrastructure.Kubeconfig;
using Kund.Web.Api;
using Kund.Web.Identity;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The environment page's "Download kubeconfig": the same file and answers as <c>GET /api/environments/{id}/kubeconfig</c>,
/// for the person signed in with the session cookie (the API takes bearer tokens only), as the audit page's export does.
/// </summary>
internal static class KubeconfigDownload
{
    public static string PathOf(Guid environmentId) => $"/environments/{environmentId:D}/kubeconfig";

    public static IEndpointRouteBuilder MapKubeconfigDownload(this IEndpointRouteBuilder endpoints)
    {
        // The API's error mapping, so that an environment the person cannot see is a 404 problem here too.
        endpoints.MapGroup("/environments").MapApiErrors()
            .MapGet("/{id:guid}/kubeconfig", (Guid id, HttpContext http, KubeconfigSource source, CancellationToken ct) => KubeconfigEndpoints.GetAsync(id, http, source, ct))
            .RequireAuthorization(KundPolicies.Authenticated)
            .ExcludeFromDescription();
        return endpoints;
    }
}
