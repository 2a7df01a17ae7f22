using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// The environment page's destroy of a cluster with deletion protection: the dialog says so plainly, the
/// destroy turns protection off first only when the person ticks it, and unticked it is refused saying how.
/// </summary>
public sealed class DestroyConfirmationTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;

    public DestroyConfirmationTests(KundAppFactory app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Alice);
    }

    [Fact]
    public async Task Destroy_ProtectedCluster_FactShown_UntickedRefusedWithHowToLiftIt_TickedTurnsItOffFirst()
    {
        var id = await ReadyAsync("shielded", deletionProtection: true);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=action-destroy]")), TimeSpan.FromSeconds(10));

        await cut.InvokeAsync(() => cut.Find("[data-testid=action-destroy]").Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-fact]")));
        Assert.Equal("shielded has deletion protection on; destroying turns it off first.", dialogs.Find("[data-testid=confirm-fact]").TextContent.Trim());
        Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)Checkbox(dialogs)).IsChecked);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-ok]").Click());

        var snackbar = Services.GetRequiredService<ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("deletion protection on", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(10));
        var refusal = snackbar.ShownSnackbars.First(s => s.Message?.Contains("deletion protection on", StringComparison.Ordinal) == true).Message!;
        Assert.Contains("turnOffDeletionProtection=true", refusal, StringComparison.Ordinal);
        Assert.Contains("tick the confirmation", refusal, StringComparison.Ordinal);
        var still = await ViewAsync(id);
        Assert.Equal((EnvironmentStatus.Ready, true), (still.Status, still.Spec.Cluster!.DeletionProtection));

        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=action-destroy]").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
        await cut.InvokeAsync(() => cut.Find("[data-testid=action-destroy]").Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-acknowledge]")));
        await dialogs.InvokeAsync(() => Checkbox(dialogs).Change(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-ok]").Click());

        var destroyed = await app.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.False(destroyed.Spec.Cluster!.DeletionProtection);
        Assert.DoesNotContain(app.Services.GetRequiredService<Kund.Infrastructure.Sandbox.SandboxCloud>().Inventory(), i => i.Id == "shielded" || i.Id.StartsWith("shielded/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Destroy_UnprotectedCluster_NoFactAndNoTickAsked()
    {
        var id = await ReadyAsync("unshielded", deletionProtection: false);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=action-destroy]")), TimeSpan.FromSeconds(10));

        await cut.InvokeAsync(() => cut.Find("[data-testid=action-destroy]").Click());

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-ok]")));
        Assert.Empty(dialogs.FindAll("[data-testid=confirm-fact]"));
        Assert.Empty(dialogs.FindAll("[data-testid=confirm-acknowledge]"));
        Assert.Contains("will be deleted in the cloud", dialogs.Markup, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.Find("[data-testid=confirm-acknowledge] input[type=checkbox], input[type=checkbox][data-testid=confirm-acknowledge]");

    private async Task<Guid> ReadyAsync(string name, bool deletionProtection)
    {
        var seed = SeedSpecs.Payments(name);
        var spec = seed with { Cluster = seed.Cluster! with { DeletionProtection = deletionProtection } };
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var ready = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(60), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        return draft.Id;
    }

    private Task<EnvironmentView> ViewAsync(Guid id) =>
        app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
}
