using System.Globalization;
using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary><c>POST /api/environments/{id}/extend</c>: within the team's TTL maximum by a member, beyond it at once only by an approver outside the team (a member asks: <see cref="ExtensionRequestApiTests"/>).</summary>
public class ExtendApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Extend_WithinMaximum_MovedAndAudited_BeyondAMemberAsksAnApproverExtends()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "ttl": { "dev": { "defaultDays": 2, "maxDays": 10 } }, "approvals": { "dev": 1, "prod": 2 } }""", 200);
        var id = await ReadyAsync("extend-dev");
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var before = ExpiresAt(await alice.GetObjectAsync($"/api/environments/{id}"));
        Assert.InRange(before - DateTimeOffset.UtcNow, TimeSpan.FromDays(1.9), TimeSpan.FromDays(2));

        var extended = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 3 }"""), 200);
        var asked = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 6 }"""), 202);
        var bad = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": -1 }"""), 400);
        var approved = await carol.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 6 }"""), 200);

        Assert.Equal(before.AddDays(3), ExpiresAt(extended));
        Assert.Equal("PendingApproval", (string)asked["status"]!);
        Assert.Equal(before.AddDays(9), DateTimeOffset.Parse((string)asked["until"]!, CultureInfo.InvariantCulture));
        Assert.Contains("1 to 365", (string)bad["errors"]!["days"]![0]!, StringComparison.Ordinal);
        Assert.Equal(before.AddDays(9), ExpiresAt(approved));
        var audited = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(Action: AuditActions.EnvironmentExtended), null, 50, CancellationToken.None));
        Assert.Equal([IdentityTestSupport.Carol, IdentityTestSupport.Alice], audited.Items.Select(i => i.Actor));
    }

    private static DateTimeOffset ExpiresAt(System.Text.Json.Nodes.JsonObject view) =>
        DateTimeOffset.Parse((string)view["expiresAt"]!, CultureInfo.InvariantCulture);

    private async Task<Guid> ReadyAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var view = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, view.Status);
        return draft.Id;
    }
}
