using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>The destroy dialog of a cluster with deletion protection in Chromium: the fact, the box to tick, unticked at first.</summary>
public class DestroyDialogBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task EnvironmentPage_DestroyProtectedCluster_DialogStatesItAndAsksForATick()
    {
        var seed = SeedSpecs.Payments("shielded-page");
        var id = await app.ApproveAsync(seed with { Cluster = seed.Cluster! with { DeletionProtection = true } });
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);

        var page = await app.SignInAsync("alice@kund.dev", $"/environments/{id}");
        await page.GetByTestId("action-destroy").ClickAsync();

        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.GetByTestId("confirm-fact")).ToHaveTextAsync("shielded-page has deletion protection on; destroying turns it off first.");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Checkbox)).Not.ToBeCheckedAsync();
        await Screenshots.SaveAsync(dialog, "destroy-protected");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "destroy-protected");

        await dialog.GetByTestId("confirm-cancel").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var after = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(EnvironmentStatus.Ready, after.Status);
    }
}
