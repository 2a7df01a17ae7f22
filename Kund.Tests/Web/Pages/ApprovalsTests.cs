using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kund.Tests.Web.Pages;

/// <summary>The approvals queue: requests with their plan, and never an approve button for one's own request.</summary>
public sealed class ApprovalsTests(RoomyAccountApp app, ITestOutputHelper output) : PageTest, IClassFixture<RoomyAccountApp>
{
    [Fact]
    public async Task Render_LongerQueue_SameNumberOfQueries()
    {
        await SubmitAsync(Callers.Alice, "queue-one");
        this.AddTestServices(app, PageTestServices.Carol);
        var one = await QueriesAsync(1);

        foreach (var name in (string[])["queue-two", "queue-three", "queue-four", "queue-five"])
        {
            await SubmitAsync(Callers.Alice, name);
        }

        var five = await QueriesAsync(5);

        output.WriteLine($"queries per Approvals render: {one.Count} with one request, {five.Count} with five");
        // A query per request would run once more per added request: four more times for its text. A live
        // refresh that the submissions just before set off reads the queue once more (one more of each text).
        var before = one.GroupBy(q => q).ToDictionary(g => g.Key, g => g.Count());
        var grown = five.GroupBy(q => q).Where(g => g.Count() >= before.GetValueOrDefault(g.Key) + 4).Select(g => g.Key).ToList();
        Assert.True(
            grown.Count == 0,
            $"queries run once per request: {string.Join("\n---\n", grown)}\n{five.Count} queries for five requests, {one.Count} for one");
    }

    /// <summary>
    /// The queries of the leanest of three renders: a render can pick up a live update (a request submitted
    /// just before, its notifications) and refresh once more, which is not a query per request; a query per
    /// request shows in every render.
    /// </summary>
    private Task<IReadOnlyList<string>> QueriesAsync(int requests, string shown = "[data-testid=request][data-name^=queue-] [data-testid=plan-summary]", int seconds = 10) =>
        Task.FromResult(Enumerable.Range(0, 3).Select(_ => Queries(requests, shown, seconds)).MinBy(queries => queries.Count)!);

    private IReadOnlyList<string> Queries(int requests, string shown, int seconds)
    {
        using var counter = QueryCounter.Start();
        var cut = Render<Approvals>();
        cut.WaitForAssertion(() => Assert.Equal(requests, cut.FindAll(shown).Count), TimeSpan.FromSeconds(seconds));
        return counter.Commands;
    }

    [Fact]
    public async Task Render_LongerQueueNoLongerComplying_SameNumberOfQueriesAndEachSaysWhy()
    {
        // team-b's requests, its policy made strict after they were submitted: a budget (its live spend is read)
        // and a maximum every request passes. Put back at the end for the other tests.
        const string shown = "[data-testid=request][data-name^=strict-] [data-testid=non-compliant]";
        await SubmitAsync(Callers.Bob, "strict-one");
        await PolicyAsync(strict: true);
        this.AddTestServices(app, PageTestServices.Carol);
        // Slower than the other renders' 10 seconds on a busy machine: every earlier render stays live and reads again.
        var one = await QueriesAsync(1, shown, seconds: 30);

        await PolicyAsync(strict: false);
        foreach (var name in (string[])["strict-two", "strict-three", "strict-four", "strict-five"])
        {
            await SubmitAsync(Callers.Bob, name);
        }

        await PolicyAsync(strict: true);
        var five = await QueriesAsync(5, shown, seconds: 30);
        var cut = Render<Approvals>();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll(shown).Count), TimeSpan.FromSeconds(30));
        var violation = cut.Find("[data-testid=request][data-name=strict-three] [data-testid=violation]");
        await PolicyAsync(strict: false);

        output.WriteLine($"queries per Approvals render, none complying: {one.Count} with one request, {five.Count} with five");
        var before = one.GroupBy(q => q).ToDictionary(g => g.Key, g => g.Count());
        var grown = five.GroupBy(q => q).Where(g => g.Count() >= before.GetValueOrDefault(g.Key) + 4).Select(g => g.Key).ToList();
        Assert.True(grown.Count == 0, $"queries run once per request: {string.Join("\n---\n", grown)}");
        Assert.Equal("monthlyCostUsd", violation.GetAttribute("data-path"));
        Assert.Contains("above the maximum of $1.00 per environment by team-b's policy", violation.TextContent, StringComparison.Ordinal);
    }

    private async Task PolicyAsync(bool strict)
    {
        var admin = new Kund.Infrastructure.Identity.KundUser(Guid.NewGuid(), "admin@kund.dev", "Admin", [], [Kund.Infrastructure.Identity.KundRoles.Admin]);
        var policy = strict ? new Kund.Domain.Teams.TeamPolicy { MaxMonthlyCostUsd = 1, MonthlyBudgetUsd = 100000 } : new Kund.Domain.Teams.TeamPolicy();
        await app.Services.GetRequiredService<Kund.Infrastructure.Teams.TeamPolicyStore>().SaveAsync(admin, "team-b", policy, CancellationToken.None);
    }

    [Fact]
    public async Task Render_OwnRequest_ApproveHiddenOthersApprovable()
    {
        var own = await SubmitAsync(Callers.Erin, "erin-own");
        var alices = await SubmitAsync(Callers.Alice, "alice-asks");
        this.AddTestServices(app, PageTestServices.Erin);

        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=request][data-name={own.Name}]")), TimeSpan.FromSeconds(10));
        var ownCard = cut.Find($"[data-testid=request][data-name={own.Name}]");
        Assert.Empty(ownCard.QuerySelectorAll("[data-testid=approve]"));
        Assert.NotNull(ownCard.QuerySelector("[data-testid=own-request]"));
        var otherCard = cut.Find($"[data-testid=request][data-name={alices.Name}]");
        Assert.NotNull(otherCard.QuerySelector("[data-testid=approve]"));
        Assert.Contains("to add", otherCard.QuerySelector("[data-testid=plan-summary]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Approver_SeesRequesterTeamAndCost()
    {
        var request = await SubmitAsync(Callers.Alice, "cost-shown");
        this.AddTestServices(app, PageTestServices.Carol);

        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=request][data-name={request.Name}]")), TimeSpan.FromSeconds(10));
        var card = cut.Find($"[data-testid=request][data-name={request.Name}]").TextContent;
        Assert.Contains("alice@kund.dev", card, StringComparison.Ordinal);
        Assert.Contains("team-a", card, StringComparison.Ordinal);
        Assert.Contains("a month", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ProdDestroyRequest_DeletionsAndCostNoCreationWarningsAndRejectOffered()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("prod-to-go") with { Purpose = Purpose.Prod }, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Erin, draft.Id, null, CancellationToken.None));
        var ready = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(60), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, draft.Id, CancellationToken.None));
        this.AddTestServices(app, PageTestServices.Carol);

        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=request][data-name={draft.Name}]")), TimeSpan.FromSeconds(10));
        var card = cut.Find($"[data-testid=request][data-name={draft.Name}]");
        Assert.DoesNotContain("single point of failure", card.TextContent, StringComparison.Ordinal);
        Assert.Empty(card.QuerySelectorAll("[data-testid=warning]"));
        Assert.Contains(ready.Outputs.VpcId!, card.QuerySelector("[data-testid=deletions]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("a month", card.QuerySelector("[data-testid=destroy-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector("[data-testid=approve]"));
        Assert.NotNull(card.QuerySelector("[data-testid=reject]"));
    }

    [Fact]
    public async Task Render_CreateRequestOfASingleNatProd_WarningShown()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("prod-asks") with { Purpose = Purpose.Prod }, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        this.AddTestServices(app, PageTestServices.Carol);

        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=request][data-name={draft.Name}]")), TimeSpan.FromSeconds(10));
        var card = cut.Find($"[data-testid=request][data-name={draft.Name}]");
        Assert.Contains("single point of failure", card.QuerySelector("[data-testid=warning]")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<TeamEnvironment> SubmitAsync(Kund.Infrastructure.Identity.KundUser caller, string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(caller, SeedSpecs.Payments(name, caller.Teams.Single()), CancellationToken.None));
        return await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(caller, draft.Id, CancellationToken.None));
    }
}
