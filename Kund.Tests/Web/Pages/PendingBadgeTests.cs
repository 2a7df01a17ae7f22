using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace Kund.Tests.Web.Pages;

/// <summary>The nav menu's badge counts what waits for approval and follows new requests live.</summary>
public sealed class PendingBadgeTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;

    public PendingBadgeTests(KundAppFactory app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Carol);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Render_RequestSubmittedMeanwhile_CountGoesUp()
    {
        await SubmitAsync("badge-first");
        var cut = Render<PendingBadge>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=pending-badge]").TextContent.Trim()), TimeSpan.FromSeconds(10));

        // Committed through the service: NOTIFY, the listener, the broadcaster, then the badge recounts.
        await SubmitAsync("badge-second");

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=pending-badge]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    private async Task SubmitAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
    }
}
