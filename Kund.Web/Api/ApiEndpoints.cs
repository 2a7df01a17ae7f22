using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// The HTTP API of api.md under <c>/api</c>. Every route needs a signed-in caller; routes that change
/// things name the role they need (<see cref="KundPolicies"/>), and team isolation is in the queries
/// (another team's environment is a 404).
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapKundApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(KundPolicies.Authenticated).MapApiErrors().RefuseNulInQuery();
        api.MapTokenEndpoints();
        api.MapCatalogEndpoints();
        api.MapEksAddonEndpoints();
        api.MapKubeconfigEndpoints();
        api.MapTerraformEndpoints();
        api.MapBlueprintEndpoints();
        api.MapQuotaEndpoints();
        api.MapEnvironmentEndpoints();
        api.MapRevisionEndpoints();
        api.MapInventoryEndpoints();
        api.MapLeftoversEndpoints();
        api.MapDriftEndpoints();
        api.MapTeamEndpoints();
        api.MapWebhookEndpoints();
        api.MapNotificationEndpoints();
        api.MapExpiryEndpoints();
        api.MapApprovalEndpoints();
        api.MapAuditEndpoints();
        return endpoints;
    }
}
