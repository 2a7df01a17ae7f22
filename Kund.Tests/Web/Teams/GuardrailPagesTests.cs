using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Kund.Tests.Web.Pages;
using Kund.Web.Components.Pages;

namespace Kund.Tests.Web.Teams;

/// <summary>The Teams page (policy, its errors by path, versions) and the approvals queue's "1 of 2".</summary>
public sealed class GuardrailPagesTests(KundAppFactory app) : PageTest, IClassFixture<KundAppFactory>
{
    private static readonly KundUser Admin = new(Guid.NewGuid(), "admin@kund.dev", "Ada Admin", [], [KundRoles.Admin]);

    [Fact]
    public async Task Teams_BadPolicySaved_ErrorsByPath_GoodOneBecomesVersionOne()
    {
        // Kund knows a team once a member has signed in (here: had a token made).
        await app.CreateTokenAsync(IdentityTestSupport.Alice);
        this.AddTestServices(app, Admin);
        var cut = Render<Kund.Web.Components.Pages.Teams>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=policy-version]").Count > 0, cut.Markup[..Math.Min(cut.Markup.Length, 3000)]), TimeSpan.FromSeconds(30));
        // MudTextField takes its value a render after the page sets it: wait for the text, not only the page.
        cut.WaitForAssertion(
            () =>
            {
                var json = cut.Field("policy-json");
                Assert.Contains("allowedSupportTypes", json.GetAttribute("value") ?? json.TextContent, StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30));
        Assert.Contains("Not configured", cut.Find("[data-testid=policy-version]").TextContent, StringComparison.Ordinal);

        cut.Field("policy-json").Change("""{ "maxNodes": -3, "ttl": { "dev": { "defaultDays": 9, "maxDays": 3 } } }""");
        cut.Find("[data-testid=policy-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=policy-error]"), e => e.TextContent.Contains("ttl.dev.defaultDays", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        Assert.Contains(cut.FindAll("[data-testid=policy-error]"), e => e.TextContent.Contains("maxNodes", StringComparison.Ordinal));

        cut.Field("policy-json").Change("""{ "maxNodes": 8, "monthlyBudgetUsd": 1000 }""");
        cut.Find("[data-testid=policy-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Version 1, by admin@kund.dev", cut.Find("[data-testid=policy-version]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("of a $1000.00 budget", cut.Find("[data-testid=team-spend]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_ProdWithOneOfTwo_ShowsOneOfTwo()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("half-approved") with { Purpose = Purpose.Prod }, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Erin, draft.Id, "looks right", CancellationToken.None));
        this.AddTestServices(app, PageTestServices.Carol);

        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.Contains("1 of 2 approvals", cut.Find("[data-testid=request][data-name=half-approved] [data-testid=approvals-progress]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.NotEmpty(cut.FindAll("[data-testid=request][data-name=half-approved] [data-testid=approve]"));
    }
}
