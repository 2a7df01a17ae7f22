using Kund.Infrastructure.Audit;
using Kund.Web.Api;
using Kund.Web.Identity;

namespace Kund.Web.Components.Pages;

/// <summary>
/// The audit page's "Export CSV": the same CSV and filters as <c>GET /api/audit/export</c>, for the person signed
/// in with the session cookie (the API takes bearer tokens only). Outside <c>/api</c>, so the default scheme picks
/// the cookie; a GET that changes nothing needs no antiforgery token.
/// </summary>
internal static class AuditDownload
{
    public const string Path = "/audit/export";

    public static IEndpointRouteBuilder MapAuditDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext http, AuditQueries queries, CancellationToken ct) => AuditEndpoints.ExportAsync(http, queries, ct))
            .RequireAuthorization(KundPolicies.Authenticated)
            .ExcludeFromDescription();
        return endpoints;
    }
}
