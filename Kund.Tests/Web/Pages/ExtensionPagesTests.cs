using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Kund.Tests.Web.Teams;
using Kund.Web.Components.Pages;
using Kund.Web.Components.Pages.Environments;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// A waiting extension on the pages: the requester reads on the environment page that it waits, with no
/// button to answer it; an approver answers it from the approvals queue, and the expiry moves.
/// </summary>
public sealed class ExtensionPagesTests(KundAppFactory app) : PageTest, IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task EnvironmentPage_Requester_SeesExtensionWaitingWithoutButtons()
    {
        var (id, asked) = await AskedAsync("ext-page-own");
        this.AddTestServices(app, PageTestServices.Alice);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pending-extension]")), TimeSpan.FromSeconds(10));
        var alert = cut.Find("[data-testid=pending-extension]");
        Assert.Contains($"extension to {asked.Until.ToUniversalTime():yyyy-MM-dd HH:mm} UTC waits for approval", alert.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(alert.QuerySelectorAll("[data-testid=approve-extension]"));
        Assert.Empty(alert.QuerySelectorAll("[data-testid=reject-extension]"));
    }

    [Fact]
    public async Task EnvironmentPage_ApproverRejectsExtension_NoticeGoesExpiryStays()
    {
        var (id, asked) = await AskedAsync("ext-page-reject");
        this.AddTestServices(app, PageTestServices.Carol);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pending-extension] [data-testid=approve-extension]")), TimeSpan.FromSeconds(10));
        await cut.InvokeAsync(() => cut.Find("[data-testid=pending-extension] [data-testid=reject-extension]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=pending-extension]")), TimeSpan.FromSeconds(10));
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(asked.ExpiresAtBefore, view.ExpiresAt);
    }

    [Fact]
    public async Task Approvals_ApproverApprovesExtension_ExpiryMovesAndTheRowGoes()
    {
        var (id, asked) = await AskedAsync("ext-page-queue");
        this.AddTestServices(app, PageTestServices.Carol);

        var cut = Render<Approvals>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=extension][data-name=ext-page-queue]")), TimeSpan.FromSeconds(10));
        Assert.Contains(IdentityTestSupport.Alice, cut.Find("[data-testid=extension][data-name=ext-page-queue]").TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Find("[data-testid=extension][data-name=ext-page-queue] [data-testid=approve-extension]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=extension][data-name=ext-page-queue]")), TimeSpan.FromSeconds(10));
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(asked.Until, view.ExpiresAt);
    }

    private async Task<(Guid Id, ExtensionRequest Asked)> AskedAsync(string name)
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await admin.PutJsonAsync("/api/teams/team-a/policy", """{ "ttl": { "dev": { "defaultDays": 2, "maxDays": 10 } } }""", 200);
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var ready = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var outcome = await app.WithAsync<EnvironmentService, ExtendOutcome>(s => s.ExtendAsync(Callers.Alice, draft.Id, 30, CancellationToken.None));
        return (draft.Id, outcome.Requested!);
    }
}
