using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Shared;
using MudBlazor.Services;

namespace Kund.Tests.Web.Pages;

/// <summary>The destroy's verdict on the environment page.</summary>
public sealed class NothingLeftTests : PageTest
{
    private static readonly DateTimeOffset CheckedAt = new(2026, 12, 1, 20, 5, 7, TimeSpan.Zero);

    public NothingLeftTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Render_CheckPassed_SaysNothingLeftWithTheCheckTime()
    {
        var cut = Render<NothingLeft>(p => p.Add(x => x.View, View(new ResourceView(DestroyGraph.CheckKey, ResourceKind.TeardownCheck, ResourceState.Deleted, "env", null, null) { UpdatedAt = CheckedAt })));

        var text = cut.Find("[data-testid=nothing-left]").TextContent;
        Assert.Contains("Nothing left, nothing billing", text, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 20:05:07 UTC", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CheckFoundSomething_NamesItAndClaimsNothing()
    {
        var cut = Render<NothingLeft>(p => p.Add(x => x.View, View(new ResourceView(DestroyGraph.CheckKey, ResourceKind.TeardownCheck, ResourceState.Failed, "env", null, "Still in the cloud after the destroy: eipalloc-1 (elastic-ip).") { UpdatedAt = CheckedAt })));

        Assert.Empty(cut.FindAll("[data-testid=nothing-left]"));
        Assert.Contains("eipalloc-1", cut.Find("[data-testid=something-left]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoDestroyYet_ShowsNothing()
    {
        var cut = Render<NothingLeft>(p => p.Add(x => x.View, View()));

        Assert.Empty(cut.FindAll("[data-testid=nothing-left], [data-testid=something-left]"));
    }

    private static EnvironmentView View(params ResourceView[] resources) => new(
        Guid.NewGuid(), "payments-dev", "team-a", EnvironmentStatus.Destroyed, "alice@kund.dev", "carol@kund.dev",
        CheckedAt, CheckedAt, null, SeedSpecs.Payments(), resources, new EnvironmentOutputs(null, new Dictionary<string, string>(), null, null, null), 0m);
}
