using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;

namespace Kund.Tests.Web.Pages;

/// <summary>A draft left mid-wizard: its page offers to continue the wizard where the person stopped, not to submit.</summary>
public sealed class ContinueWizardTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;

    public ContinueWizardTests(KundAppFactory app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Alice);
    }

    [Fact]
    public async Task EnvironmentPage_DraftLeftAtSubnets_ContinueAtSubnetsAndNoSubmit()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("left-at-subnets"), WizardModel.SubnetsStep, CancellationToken.None));

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, draft.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=continue-wizard]")), TimeSpan.FromSeconds(10));
        Assert.EndsWith($"/environments/new?draft={draft.Id}&step={WizardModel.SubnetsStep}", cut.Find("[data-testid=continue-wizard]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=action-submit]"));
        var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None)));
        Assert.Contains("continue the wizard", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentPage_DraftFromTheApi_SubmitAndNoContinue()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("whole-spec"), CancellationToken.None));

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, draft.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=action-submit]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=continue-wizard]"));
    }
}
