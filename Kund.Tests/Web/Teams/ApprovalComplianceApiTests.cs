using System.Text.Json.Nodes;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary>
/// <c>GET /api/approvals</c>: a request whose team's policy changed after it was submitted is listed as no
/// longer complying, with the violated rule's message; one of a team whose policy did not change is not.
/// </summary>
public class ApprovalComplianceApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Approvals_PolicyChangedAfterSubmission_ListedAsNonCompliantWithTheRule_ApprovedOnlyWithAComment()
    {
        var broken = await SubmitAsync(Callers.Alice, "comply-a", "team-a");
        var fine = await SubmitAsync(Callers.Bob, "comply-b", "team-b");
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "allowedRegions": ["eu-north-1"] }""", 200);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);

        var items = (await carol.GetObjectAsync("/api/approvals"))["items"]!.AsArray();

        var violations = Violations(items, broken);
        var violation = Assert.Single(violations);
        Assert.Equal("region", (string)violation!["path"]!);
        Assert.Contains("ap-northeast-2 is not allowed by team-a's policy (eu-north-1)", (string)violation["message"]!, StringComparison.Ordinal);
        Assert.Empty(Violations(items, fine));

        var refused = await carol.PostAsync($"/api/environments/{broken}/approve", null, 400);
        Assert.Contains("no longer complies", (string)refused["errors"]!["comment"]![0]!, StringComparison.Ordinal);
        var approved = await carol.PostAsync($"/api/environments/{broken}/approve", ApiClient.Json("""{ "comment": "moved to eu-north-1 next sprint" }"""), 200);
        Assert.Equal("Approved", (string)approved["status"]!);
    }

    [Fact]
    public async Task Approvals_NotAnApprover_403()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync("/api/approvals");

        Assert.Equal(403, (int)response.StatusCode);
    }

    private static JsonArray Violations(JsonArray items, Guid id) =>
        Assert.Single(items, i => (string)i!["id"]! == id.ToString())!["pendingRequest"]!["policyViolations"]!.AsArray();

    private async Task<Guid> SubmitAsync(Kund.Infrastructure.Identity.KundUser caller, string name, string team)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(caller, SeedSpecs.Payments(name, team), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(caller, draft.Id, CancellationToken.None));
        return draft.Id;
    }
}
