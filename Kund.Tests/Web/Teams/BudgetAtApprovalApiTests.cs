using System.Globalization;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary>
/// A team budget two waiting requests each fit alone: once the first is approved (live, its estimate taken),
/// approving the second would pass the budget — refused without a comment, naming the budget, and listed as
/// no longer complying; an approver's comment approves it anyway (the design's rule for a request that no
/// longer complies).
/// </summary>
public class BudgetAtApprovalApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Approve_SecondRequestPastTheBudgetOnceTheFirstIsApproved_400NamingTheBudgetUnlessCommented()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var first = await SubmitAsync("budget-one");
        var second = await SubmitAsync("budget-two");
        var cost = (decimal)(await carol.GetObjectAsync($"/api/environments/{first}"))["monthlyCostUsd"]!;
        var budget = decimal.Round(cost * 1.5m, 2);
        var policy = string.Create(CultureInfo.InvariantCulture, $$"""{ "monthlyBudgetUsd": {{budget}} }""");
        await admin.PutJsonAsync("/api/teams/team-a/policy", policy, 200);
        var before = (await carol.GetObjectAsync("/api/approvals"))["items"]!.AsArray();
        Assert.All(before, i => Assert.Empty(i!["pendingRequest"]!["policyViolations"]!.AsArray()));

        Assert.Equal("Approved", (string)(await carol.PostAsync($"/api/environments/{first}/approve", null, 200))["status"]!);
        var refused = await carol.PostAsync($"/api/environments/{second}/approve", null, 400);

        var money = string.Create(CultureInfo.InvariantCulture, $"monthly budget of ${budget:0.00}");
        Assert.Contains(money, (string)refused["errors"]!["comment"]![0]!, StringComparison.Ordinal);
        Assert.Contains(money, (string)refused["errors"]!["monthlyCostUsd"]![0]!, StringComparison.Ordinal);
        Assert.Equal("PendingApproval", (string)(await carol.GetObjectAsync($"/api/environments/{second}"))["status"]!);
        var listed = Assert.Single((await carol.GetObjectAsync("/api/approvals"))["items"]!.AsArray(), i => (string)i!["id"]! == second.ToString());
        var violation = Assert.Single(listed!["pendingRequest"]!["policyViolations"]!.AsArray());
        Assert.Equal("monthlyCostUsd", (string)violation!["path"]!);
        Assert.Contains(money, (string)violation["message"]!, StringComparison.Ordinal);

        var approved = await carol.PostAsync($"/api/environments/{second}/approve", ApiClient.Json("""{ "comment": "budget raised next month" }"""), 200);
        Assert.Equal("Approved", (string)approved["status"]!);
    }

    private async Task<Guid> SubmitAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        return draft.Id;
    }
}
