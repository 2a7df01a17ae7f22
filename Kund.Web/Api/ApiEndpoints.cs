namespace Kund.Web.Api;

/// <summary>The HTTP API of api.md under <c>/api</c>: every route requires a signed-in caller.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapKundApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        api.MapCatalogEndpoints();
        api.MapEnvironmentEndpoints();
        api.MapInventoryEndpoints();
        api.MapAuditEndpoints();
        return endpoints;
    }
}
