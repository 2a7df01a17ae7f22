using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using static Kund.Tests.Web.Identity.IdentityTestSupport;

namespace Kund.Tests.Web.Identity;

/// <summary>What a row's <see cref="MatrixRow.Prepare"/> may use to seed its objects.</summary>
public sealed class MatrixSeed(KundAppFactory app)
{
    public KundAppFactory App => app;

    public IServiceProvider Services => app.Services;

    /// <summary>A fresh token of a sandbox user, such as <see cref="IdentityTestSupport.Alice"/>.</summary>
    public Task<CreatedApiToken> TokenAsync(string email) => app.CreateTokenAsync(email, name: "matrix");
}

/// <summary>
/// Who may call what. Every endpoint under a route pattern that is not a page, a static file or Blazor's
/// own circuit endpoint must have a row here; every public hub method a row in <see cref="HubMethods"/>.
/// To classify a new endpoint, add a row: method, the route pattern exactly as mapped, the access, and for
/// routes with an id a Prepare that seeds an object of team-a (requested by alice) and returns the path.
/// </summary>
public static class AuthorizationTable
{
    public static IReadOnlyList<MatrixRow> Endpoints { get; } =
    [
        new("*", "/healthz", Access.Anonymous),
        new("*", "/readyz", Access.Anonymous),
        new("GET", "/openapi/{documentName}.json", Access.Anonymous, (_, _) => Task.FromResult(new MatrixCall("/openapi/v1.json"))),
        // Form posts: without an antiforgery token they answer 400, never 401/403.
        new("POST", "/account/sign-in/sandbox", Access.Anonymous),
        new("POST", "/account/sign-out", Access.Anonymous),

        new("GET", "/api/me", Access.Authenticated),
        new("GET", "/api/tokens", Access.Authenticated),
        new("GET", "/api/admin/tokens", Access.Admin),
        new("DELETE", "/api/tokens/{id:guid}", Access.OwnerOrAdmin, async (seed, _) => new MatrixCall($"/api/tokens/{(await seed.TokenAsync(Alice)).Id}")),

        // Environments, audit, resources and the hub's endpoints go here, for example:
        // new("GET", "/api/environments/{id:guid}", Access.OwnTeamOrReadAll, async (seed, _) => new($"/api/environments/{await SeedDraftAsync(seed, "team-a", Alice)}")),
        // new("POST", "/api/environments/{id:guid}/approve", Access.Approver, async (seed, _) => new($"…/approve", MatrixRow.Json("""{"comment":"ok"}"""))),
        // new("POST", "/hubs/provisioning/negotiate", Access.Authenticated),
    ];

    /// <summary>Hub methods as <c>HubType.Method</c>; the hub class needs [Authorize], the method the policy its access names.</summary>
    public static IReadOnlyDictionary<string, Access> HubMethods { get; } = new Dictionary<string, Access>
    {
        // ["ProvisioningHub.Watch"] = Access.Authenticated,
        // ["ProvisioningHub.Unwatch"] = Access.Authenticated,
    };

    /// <summary>
    /// Blazor's circuit endpoints (the pages they serve are authorized themselves) and the static-file
    /// fallback (<c>{**path:file}</c>): not classified.
    /// </summary>
    public static bool IsFrameworkOrFiles(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) ||
        pattern.StartsWith("/_framework", StringComparison.Ordinal) ||
        pattern.Contains(":file}", StringComparison.Ordinal);
}
