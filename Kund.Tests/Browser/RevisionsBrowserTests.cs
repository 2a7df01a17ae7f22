using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Revisions;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

public class RevisionsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task EnvironmentPage_ProposedPerZoneNat_HistoryAndDiffPlanWithTheRouteTableDeletionCalledOut()
    {
        var spec = SeedSpecs.Payments("revisions-shown");
        var draft = await ReadyAsync(spec);
        var perAz = spec with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } };
        await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAsync(Callers.Alice, draft.Id, perAz, null, "one NAT per zone", CancellationToken.None));

        var page = await OpenAsAliceAsync(draft.Id);
        var history = page.Locator("[data-testid=revision-table]");
        await Assertions.Expect(history.Locator("tr[data-revision='2']")).ToContainTextAsync("Draft");
        await Assertions.Expect(history.Locator("tr[data-revision='1']")).ToContainTextAsync("Applied");

        await history.Locator("tr[data-revision='2'] [data-testid=show-plan]").ClickAsync();

        var summary = page.Locator("[data-testid=diff-summary]");
        await Assertions.Expect(summary).ToContainTextAsync("+4 to add");
        await Assertions.Expect(summary.Locator("[data-testid=risky]")).ToHaveTextAsync("deletes rtb/private");
        await Assertions.Expect(page.Locator("[data-testid=revisions-panel] [data-testid=plan-text]")).ToContainTextAsync("Plan: 4 to add, 0 to change, 1 to destroy.");
        await Screenshots.SaveAsync(page.Locator("[data-testid=revisions-panel]"), "revision-diff");
    }

    [Fact]
    public async Task EnvironmentPage_AfterAChangeAndARollbackProposed_HistoryShowsEachRevisionAppliedAndWaiting()
    {
        var spec = SeedSpecs.Payments("history-shown");
        var draft = await ReadyAsync(spec);
        await app.ApproveChangeAsync(draft.Id, ChangeRuns.PerAz(spec));
        Assert.Equal(EnvironmentStatus.Ready, (await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(60), EnvironmentStatus.Ready, EnvironmentStatus.Failed)).Status);
        var rollback = await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAsync(Callers.Alice, draft.Id, null, 1, "back to one gateway", CancellationToken.None));
        await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.SubmitAsync(Callers.Alice, draft.Id, rollback.Number, CancellationToken.None));

        var page = await OpenAsAliceAsync(draft.Id);
        var history = page.Locator("[data-testid=revision-table]");
        await Assertions.Expect(history.Locator("tr[data-revision='3']")).ToContainTextAsync("PendingApproval");
        await Assertions.Expect(history.Locator("tr[data-revision='2']")).ToContainTextAsync("Applied");
        await Assertions.Expect(history.Locator("tr[data-revision='2'] [data-testid=revision-applied]")).Not.ToHaveTextAsync("—");

        await history.Locator("tr[data-revision='3'] [data-testid=show-plan]").ClickAsync();

        var summary = page.Locator("[data-testid=diff-summary]");
        await Assertions.Expect(summary.Locator("[data-testid=risky]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=revisions-panel] [data-testid=plan-text]")).ToContainTextAsync("Plan: 1 to add, 0 to change, 4 to destroy.");
        await Screenshots.SaveAsync(page.Locator("[data-testid=revisions-panel]"), "revision-history");
    }

    private async Task<TeamEnvironment> ReadyAsync(EnvironmentSpec spec)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "go", CancellationToken.None));
        Assert.Equal(EnvironmentStatus.Ready, (await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(60), EnvironmentStatus.Ready, EnvironmentStatus.Failed)).Status);
        return draft;
    }

    private async Task<IPage> OpenAsAliceAsync(Guid id)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync($"/environments/{id}");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        return page;
    }
}
