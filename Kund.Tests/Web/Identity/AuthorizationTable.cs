using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
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
        new("GET", "/api-docs/{documentName?}", Access.Anonymous, (_, _) => Task.FromResult(new MatrixCall("/api-docs"))),
        new("GET", "/api-docs/scalar.js", Access.Anonymous),
        new("GET", "/api-docs/scalar.aspnetcore.js", Access.Anonymous),
        new("GET", "/api-docs/favicon.svg", Access.Anonymous),
        // Form posts: without an antiforgery token they answer 400, never 401/403.
        new("POST", "/account/sign-in/sandbox", Access.Anonymous),
        new("POST", "/account/sign-out", Access.Anonymous),

        new("GET", "/api/me", Access.Authenticated),
        new("GET", "/api/tokens", Access.Authenticated),
        new("GET", "/api/admin/tokens", Access.Admin),
        new("GET", "/api/blueprints/", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/blueprints"))),
        // Not a mapping: a 400 for an admin, refused before that for anyone else.
        new("POST", "/api/blueprints/", Access.Admin, (_, _) => Task.FromResult(new MatrixCall("/api/blueprints", new StringContent("- not a mapping")))),
        new("GET", "/api/blueprints/{name}/versions/{version:int}", Access.Authenticated, async (seed, _) =>
        {
            await using var scope = seed.Services.CreateAsyncScope();
            var name = $"matrix-{Guid.NewGuid():N}"[..30];
            await scope.ServiceProvider.GetRequiredService<Kund.Infrastructure.Blueprints.BlueprintStore>()
                .PublishAsync("admin@kund.dev", $"name: {name}\nversion: 1\nspec:\n  region: ap-northeast-2\n", CancellationToken.None);
            return new MatrixCall($"/api/blueprints/{name}/versions/1");
        }),
        new("DELETE", "/api/tokens/{id:guid}", Access.OwnerOrAdmin, async (seed, _) => new MatrixCall($"/api/tokens/{(await seed.TokenAsync(Alice)).Id}")),

        new("GET", "/api/regions", Access.Authenticated),
        new("GET", "/api/kubernetes-versions", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/kubernetes-versions?region=ap-northeast-2"))),
        new("GET", "/api/eks-addons", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/eks-addons?region=ap-northeast-2&kubernetesVersion=1.34"))),
        new("GET", "/api/quotas", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/quotas?region=ap-northeast-2"))),
        new("GET", "/api/leftovers/", Access.Admin, (_, _) => Task.FromResult(new MatrixCall("/api/leftovers?region=ap-northeast-2"))),
        new("POST", "/api/leftovers/{cloudId}/delete", Access.Admin, (seed, caller) =>
        {
            // Only the admin's call reaches the cloud, so only it needs a leftover of its own to delete.
            var id = caller == Caller.Admin
                ? seed.Services.GetRequiredService<Kund.Infrastructure.Sandbox.SandboxCloud>().AllocateAddress("eu-west-1").AllocationId
                : "eipalloc-0000000000000000";
            return Task.FromResult(new MatrixCall($"/api/leftovers/{id}/delete?region=eu-west-1", MatrixRow.Json($"{{\"confirm\":\"{id}\"}}")));
        }),
        new("GET", "/api/teams/{team}/policy", Access.OwnTeamOrReadAll, (_, _) => Task.FromResult(new MatrixCall("/api/teams/team-a/policy"))),
        new("PUT", "/api/teams/{team}/policy", Access.Admin, (_, _) => Task.FromResult(new MatrixCall("/api/teams/team-a/policy", MatrixRow.Json(
            """{"allowedSupportTypes":["STANDARD"],"approvals":{"dev":1,"stage":1,"prod":2,"demo":1},"principals":["arn:aws:iam::111111111111:role/team-a-developers"]}""")))),
        new("GET", "/api/teams/{team}/webhooks/", Access.Admin, (_, _) => Task.FromResult(new MatrixCall("/api/teams/team-a/webhooks"))),
        new("POST", "/api/teams/{team}/webhooks/", Access.Admin, (_, _) => Task.FromResult(new MatrixCall("/api/teams/team-a/webhooks", MatrixRow.Json("""{"url":"https://hooks.example.com/kund","events":["ready"]}""")))),
        new("DELETE", "/api/teams/{team}/webhooks/{id:guid}", Access.Admin, async (seed, _) => new MatrixCall($"/api/teams/team-a/webhooks/{await NotificationSeeds.WebhookAsync(seed)}")),
        new("GET", "/api/teams/{team}/webhooks/{id:guid}/deliveries", Access.Admin, async (seed, _) => new MatrixCall($"/api/teams/team-a/webhooks/{await NotificationSeeds.WebhookAsync(seed)}/deliveries")),
        new("POST", "/api/teams/{team}/webhooks/{id:guid}/test", Access.Admin, async (seed, _) => new MatrixCall($"/api/teams/team-a/webhooks/{await NotificationSeeds.WebhookAsync(seed)}/test")),
        new("GET", "/api/notifications/", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/notifications"))),
        new("POST", "/api/notifications/{id:guid}/read", Access.Authenticated, async (seed, caller) => new MatrixCall($"/api/notifications/{await NotificationSeeds.NotificationAsync(seed, caller)}/read")),
        new("POST", "/api/environments/validate", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/environments/validate", EnvironmentSeeds.SpecBody("team-a")))),
        new("POST", "/api/environments/", Access.Requester, (_, caller) => Task.FromResult(new MatrixCall("/api/environments", EnvironmentSeeds.SpecBody(caller == Caller.Bob ? "team-b" : "team-a")))),
        new("GET", "/api/environments/", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/environments"))),
        new("GET", "/api/environments/{id:guid}", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("")),
        new("PUT", "/api/environments/{id:guid}", Access.OwnTeam, EnvironmentSeeds.DraftWithSpecBody()),
        new("GET", "/api/environments/{id:guid}/plan", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/plan")),
        new("GET", "/api/environments/{id:guid}/events", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/events")),
        new("POST", "/api/environments/{id:guid}/drift-checks", Access.OwnTeam, EnvironmentSeeds.Draft("/drift-checks")),
        new("GET", "/api/environments/{id:guid}/drift", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/drift")),
        // A draft is not Ready: 409 for its team.
        new("POST", "/api/environments/{id:guid}/drift/reconcile", Access.OwnTeam, EnvironmentSeeds.Draft("/drift/reconcile")),
        new("POST", "/api/environments/{id:guid}/drift/accept", Access.OwnTeam, EnvironmentSeeds.Draft("/drift/accept")),
        new("POST", "/api/environments/{id:guid}/drift/unmanaged/{cloudId}/ignore", Access.OwnTeam, EnvironmentSeeds.Draft("/drift/unmanaged/subnet-0123456789abcdef0/ignore")),
        new("POST", "/api/environments/{id:guid}/drift/unmanaged/{cloudId}/delete", Access.Admin, async (seed, caller) => (await EnvironmentSeeds.Draft("/drift/unmanaged/subnet-0123456789abcdef0/delete")(seed, caller)) with { Body = MatrixRow.Json("{\"confirm\":\"subnet-0123456789abcdef0\"}") }),
        // A draft's cluster is not active: 409 for whoever may see it.
        new("GET", "/api/environments/{id:guid}/kubeconfig", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/kubeconfig")),
        new("GET", "/environments/{id:guid}/kubeconfig", Access.PageSession, EnvironmentSeeds.PageOfDraft("/kubeconfig")),
        new("GET", "/api/environments/{id:guid}/terraform", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/terraform")),
        new("GET", "/environments/{id:guid}/terraform", Access.PageSession, EnvironmentSeeds.PageOfDraft("/terraform")),
        new("POST", "/api/environments/{id:guid}/submit", Access.OwnTeam, EnvironmentSeeds.Draft("/submit")),
        new("POST", "/api/environments/{id:guid}/cancel", Access.OwnTeam, EnvironmentSeeds.Draft("/cancel")),
        new("POST", "/api/environments/{id:guid}/retry", Access.OwnTeam, EnvironmentSeeds.Draft("/retry")),
        new("POST", "/api/environments/{id:guid}/destroy", Access.OwnTeam, EnvironmentSeeds.Draft("/destroy")),
        new("POST", "/api/environments/{id:guid}/handover", Access.OwnTeam, EnvironmentSeeds.Draft("/handover")),
        new("POST", "/api/environments/{id:guid}/extend", Access.OwnTeamOrApprover, async (seed, caller) => new MatrixCall((await EnvironmentSeeds.Draft("/extend")(seed, caller)).Path, MatrixRow.Json("""{"days":1}"""))),
        new("GET", "/api/extensions", Access.Authenticated),
        new("GET", "/api/approvals", Access.Approver),
        new("GET", "/api/environments/{id:guid}/extensions/", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/extensions")),
        new("GET", "/api/environments/{id:guid}/extensions/{extensionId:guid}", Access.OwnTeamOrReadAll, EnvironmentSeeds.WaitingExtension("")),
        new("POST", "/api/environments/{id:guid}/extensions/{extensionId:guid}/approve", Access.Approver, EnvironmentSeeds.WaitingExtension("/approve")),
        new("POST", "/api/environments/{id:guid}/extensions/{extensionId:guid}/reject", Access.Approver, EnvironmentSeeds.WaitingExtension("/reject")),
        new("POST", "/api/environments/{id:guid}/approve", Access.Approver, EnvironmentSeeds.Submitted("/approve")),
        new("POST", "/api/environments/{id:guid}/reject", Access.Approver, EnvironmentSeeds.Submitted("/reject")),
        new("GET", "/api/environments/{id:guid}/revisions/", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/revisions")),
        new("POST", "/api/environments/{id:guid}/blueprint/upgrade", Access.OwnTeam, EnvironmentSeeds.Draft("/blueprint/upgrade")),
        new("POST", "/api/environments/{id:guid}/revisions/", Access.OwnTeam, EnvironmentSeeds.Draft("/revisions")),
        new("GET", "/api/environments/{id:guid}/revisions/{n:int}", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/revisions/1")),
        new("GET", "/api/environments/{id:guid}/revisions/{n:int}/plan", Access.OwnTeamOrReadAll, EnvironmentSeeds.Draft("/revisions/1/plan")),
        new("POST", "/api/environments/{id:guid}/revisions/{n:int}/submit", Access.OwnTeam, EnvironmentSeeds.Draft("/revisions/1/submit")),
        new("POST", "/api/environments/{id:guid}/revisions/{n:int}/cancel", Access.OwnTeam, EnvironmentSeeds.Draft("/revisions/1/cancel")),
        new("POST", "/api/environments/{id:guid}/revisions/{n:int}/approve", Access.Approver, EnvironmentSeeds.Submitted("/revisions/1/approve")),
        new("POST", "/api/environments/{id:guid}/revisions/{n:int}/reject", Access.Approver, EnvironmentSeeds.Submitted("/revisions/1/reject")),
        new("GET", "/api/resources", Access.Authenticated),
        new("GET", "/api/audit/", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/api/audit"))),
        new("GET", "/api/audit/export", Access.Authenticated),
        new("GET", "/audit/export", Access.PageSession),
        // Auditors and admins only (issue 11.8): a verify signs a checkpoint.
        new("GET", "/api/audit/verify", Access.Audit),
        new("*", "/hubs/provisioning/negotiate", Access.Authenticated, (_, _) => Task.FromResult(new MatrixCall("/hubs/provisioning/negotiate?negotiateVersion=1"))),
        new("*", "/hubs/provisioning", Access.Authenticated),
        // AWS's clients sign with the sandbox's key (SigV4), not a Kund session: open to every Kund caller, refused without a signature.
        new("*", "/sandbox/aws/{**operation}", Access.Anonymous, (_, _) => Task.FromResult(new MatrixCall(
            SandboxSigning.PresignedPath("localhost", "/sandbox/aws/?Action=GetCallerIdentity&Version=2011-06-15", "sts", "us-east-1")))),
    ];

    /// <summary>Hub methods as <c>HubType.Method</c>; the hub class needs [Authorize], the method the policy its access names.</summary>
    public static IReadOnlyDictionary<string, Access> HubMethods { get; } = new Dictionary<string, Access>
    {
        ["ProvisioningHub.Watch"] = Access.Authenticated,
        ["ProvisioningHub.Unwatch"] = Access.Authenticated,
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
