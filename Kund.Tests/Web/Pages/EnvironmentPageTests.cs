using Bunit;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Pages;

/// <summary>The environment page follows the broadcaster: a pushed notification moves the graph, the bar and the log.</summary>
public sealed class EnvironmentPageTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;

    public EnvironmentPageTests(KundAppFactory app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Alice);
    }

    [Fact]
    public async Task Render_ProgressPublished_GraphPercentAndLogUpdate()
    {
        var draft = await app.WithAsync<EnvironmentService, Kund.Domain.Environments.TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("live-page"), CancellationToken.None));
        var broadcaster = app.Services.GetRequiredService<ProgressBroadcaster>();
        var before = broadcaster.SubscriberCount;

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, draft.Id));
        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=status-chip]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.True(broadcaster.SubscriberCount > before));
        Assert.Equal("Pending", cut.Find("[data-testid=resource-graph] [data-key=vpc]").GetAttribute("data-state"));

        broadcaster.Publish(new ProgressNotification(draft.Id, "team-a", 1000, DateTimeOffset.UtcNow, "vpc", ResourceState.Creating, null, "Creating Vpc vpc.", 42));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Creating", cut.Find("[data-testid=resource-graph] [data-key=vpc]").GetAttribute("data-state"));
            Assert.Equal("42 %", cut.Find("[data-testid=percent]").TextContent.Trim());
            Assert.Contains("Creating Vpc vpc.", cut.Find("[data-testid=event-log]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Render_OtherEnvironmentsProgress_Ignored()
    {
        var draft = await app.WithAsync<EnvironmentService, Kund.Domain.Environments.TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("quiet-page"), CancellationToken.None));
        var broadcaster = app.Services.GetRequiredService<ProgressBroadcaster>();
        var before = broadcaster.SubscriberCount;
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, draft.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=resource-graph] [data-key=vpc]")), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.True(broadcaster.SubscriberCount > before));

        broadcaster.Publish(new ProgressNotification(Guid.NewGuid(), "team-a", 1000, DateTimeOffset.UtcNow, "vpc", ResourceState.Creating, null, "Elsewhere.", 42));
        cut.Render();

        Assert.Equal("Pending", cut.Find("[data-testid=resource-graph] [data-key=vpc]").GetAttribute("data-state"));
        Assert.DoesNotContain("Elsewhere.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnotherTeamsEnvironment_NotFoundWithoutDetails()
    {
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=not-found]")), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("Exception", cut.Markup, StringComparison.Ordinal);
    }
}
