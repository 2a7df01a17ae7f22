using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Pages;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// A long approvals queue opens with its 25 longest-waiting requests and shows the rest 25 at a time; a request's
/// full plan is rendered once its panel is opened. The dashboard benchmark measured a queue of 200 taking ~15 s
/// to become interactive when every card and plan was rendered at once (docs/benchmarks.md §6b).
/// </summary>
public sealed class ApprovalsPagingTests(RoomyAccountApp app) : PageTest, IClassFixture<RoomyAccountApp>
{
    private const string Requests = "[data-testid=request][data-name^=paged-]";

    [Fact]
    public async Task Render_ThirtyWaiting_ShowsTheLongestWaiting25ThenTheOtherFiveOnShowMore_PlanTextOnlyOnceOpened()
    {
        var names = new List<string>();
        for (var i = 1; i <= 30; i++)
        {
            var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments($"paged-{i:D2}"), CancellationToken.None));
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
            names.Add(draft.Name);
        }

        this.AddTestServices(app, PageTestServices.Carol);
        var cut = Render<Approvals>();

        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll(Requests).Count), TimeSpan.FromSeconds(30));
        Assert.Equal(names.Take(25), cut.FindAll(Requests).Select(r => r.GetAttribute("data-name")));
        Assert.Contains("25 of 30 requests shown", cut.Find("[data-testid=more-requests]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=plan-text]"));

        cut.Find("[data-testid=show-more]").Click();

        cut.WaitForAssertion(() => Assert.Equal(30, cut.FindAll(Requests).Count), TimeSpan.FromSeconds(10));
        Assert.Equal(names, cut.FindAll(Requests).Select(r => r.GetAttribute("data-name")));
        Assert.Empty(cut.FindAll("[data-testid=more-requests]"));

        cut.Find($"[data-testid=request][data-name=paged-03] .mud-expand-panel-header").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=plan-text]")), TimeSpan.FromSeconds(10));
        Assert.Contains("Plan: 23 to add, 0 to change, 0 to destroy.", cut.Find("[data-testid=request][data-name=paged-03] [data-testid=plan-text]").TextContent, StringComparison.Ordinal);
    }
}
