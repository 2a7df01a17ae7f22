using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Xunit.Abstractions;

namespace Kund.Tests.Web.Pages;

/// <summary>The nav menu's badge counts what waits for approval and follows new requests live.</summary>
public sealed class PendingBadgeTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;
    private readonly ITestOutputHelper output;

    public PendingBadgeTests(KundAppFactory app, ITestOutputHelper output)
    {
        this.app = app;
        this.output = output;
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

    [Fact]
    public async Task Render_Count_AsksTheDatabaseForACountOnly()
    {
        await SubmitAsync("badge-counted");
        using var counter = QueryCounter.Start();

        var cut = Render<PendingBadge>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pending-badge]")), TimeSpan.FromSeconds(10));
        var commands = counter.Commands;
        output.WriteLine($"badge render: {commands.Count} commands:{Environment.NewLine}{string.Join(Environment.NewLine, commands)}");
        Assert.NotEmpty(commands);
        Assert.All(commands, sql => Assert.Contains("count(", sql, StringComparison.OrdinalIgnoreCase));
    }

    private async Task SubmitAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
    }
}
