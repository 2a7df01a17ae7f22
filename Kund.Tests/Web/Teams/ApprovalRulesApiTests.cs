using System.Net;
using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary>
/// Approvals per purpose over the API: prod needs two distinct approvers and stays waiting ("1 of 2") until
/// then, the same person twice counts once, a rejection ends it; a policy changed after submission is checked
/// again at approval.
/// </summary>
public class ApprovalRulesApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly string[] Settled = ["Approved", "Provisioning", "Ready"];

    [Fact]
    public async Task Approve_ProdNeedsTwoDistinctApprovers_SamePersonTwiceCountsOnce()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var erin = await app.ClientForAsync(IdentityTestSupport.Erin);
        var id = await SubmitAsync(alice, SeedSpecs.Payments("two-eyes-prod") with { Purpose = Purpose.Prod });

        var first = await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{ "comment": "fine" }"""), 200);
        var again = await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{ "comment": "still fine" }"""), 200);

        Assert.Equal("PendingApproval", (string)first["status"]!);
        Assert.Equal("PendingApproval", (string)again["status"]!);
        Assert.Equal(1, (int)again["pendingRequest"]!["approvalsCount"]!);
        Assert.Equal(2, (int)again["pendingRequest"]!["approvalsNeeded"]!);

        var second = await erin.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{ "comment": "agreed" }"""), 200);

        Assert.Contains((string)second["status"]!, Settled);
    }

    [Fact]
    public async Task Approve_DevNeedsOne_RejectionOfProdEndsIt()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var erin = await app.ClientForAsync(IdentityTestSupport.Erin);
        var dev = await SubmitAsync(alice, SeedSpecs.Payments("one-eye-dev"));
        var prod = await SubmitAsync(alice, SeedSpecs.Payments("rejected-prod") with { Purpose = Purpose.Prod });

        var approved = await carol.PostAsync($"/api/environments/{dev}/approve", ApiClient.Json("{}"), 200);
        await carol.PostAsync($"/api/environments/{prod}/approve", ApiClient.Json("{}"), 200);
        var rejected = await erin.PostAsync($"/api/environments/{prod}/reject", ApiClient.Json("""{ "comment": "too big" }"""), 200);

        Assert.NotEqual("PendingApproval", (string)approved["status"]!);
        Assert.Equal("Rejected", (string)rejected["status"]!);
    }

    [Fact]
    public async Task Approve_PolicyTightenedAfterSubmit_NeedsAComment()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        var id = await SubmitAsync(alice, SeedSpecs.Payments("recheck-dev"));
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "allowedRegions": ["eu-west-1"], "approvals": { "dev": 1, "prod": 2 } }""", 200);

        var refused = await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("{}"), 400);
        Assert.Contains("no longer complies with team-a's policy", (string)refused["errors"]!["comment"]![0]!, StringComparison.Ordinal);
        Assert.Contains("ap-northeast-2 is not allowed by team-a's policy (eu-west-1)", (string)refused["errors"]!["region"]![0]!, StringComparison.Ordinal);

        var approved = await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{ "comment": "moving it next week" }"""), 200);
        Assert.NotEqual("PendingApproval", (string)approved["status"]!);
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "allowedSupportTypes": ["STANDARD"], "approvals": { "dev": 1, "stage": 1, "prod": 2 } }""", 200);
    }

    [Fact]
    public async Task Submit_DevBelowAutoApprovalThreshold_ApprovedByThePolicyAudited()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "autoApproveBelowUsd": { "dev": 500 }, "approvals": { "dev": 1, "prod": 2 } }""", 200);
        try
        {
            var created = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("auto-dev")), 201);
            var submitted = await alice.PostAsync($"/api/environments/{created["id"]}/submit", null, 200);

            Assert.Contains((string)submitted["status"]!, Settled);
            var approvals = (await dave.GetObjectAsync($"/api/audit?environmentId={created["id"]}&action=environment.approved"))["items"]!.AsArray();
            var approval = Assert.Single(approvals);
            Assert.Equal("policy", (string)approval!["actor"]!);
        }
        finally
        {
            await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "allowedSupportTypes": ["STANDARD"], "approvals": { "dev": 1, "stage": 1, "prod": 2 } }""", 200);
        }
    }

    [Fact]
    public void Count_DistinctNonAuthors()
    {
        Assert.Equal(1, ApprovalCount.Count(["carol@kund.dev", " Carol@Kund.dev "], ["alice@kund.dev"]));
        Assert.Equal(0, ApprovalCount.Count(["alice@kund.dev"], ["alice@kund.dev"]));
        Assert.True(ApprovalCount.IsEnough(["carol@kund.dev", "erin@kund.dev"], ["alice@kund.dev"], 2));
    }

    private static async Task<Guid> SubmitAsync(HttpClient client, EnvironmentSpec spec)
    {
        var created = await client.PostAsync("/api/environments", ApiClient.Spec(spec), 201);
        var id = Guid.Parse((string)created["id"]!);
        using var submitted = await client.PostAsync($"/api/environments/{id}/submit", null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }
}
