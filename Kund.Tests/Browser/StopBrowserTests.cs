using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>A browser host whose sandbox runs twenty times faster than AWS: a cluster takes thirty seconds, long enough to sign in and stop it.</summary>
public class SlowBrowserApp : BrowserApp
{
    public SlowBrowserApp()
    {
        ManualWorkerApp.FastSettings(Settings);
        Settings["Kund:Sandbox:TimeScale"] = "20";
    }
}

public class StopBrowserTests(SlowBrowserApp app) : IClassFixture<SlowBrowserApp>
{
    [Fact]
    public async Task EnvironmentPage_StopWhileProvisioning_ConfirmationListsWhatExistsThenFailed()
    {
        var id = await app.ApproveAsync("stop-page");
        var vpc = await CloudIdWhenCreatedAsync(id, ResourceKeys.Vpc);

        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        // Only the redirect: the dashboard behind it is not what this test is about.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync($"/environments/{id}", new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");

        await page.GetByTestId("action-cancel").ClickAsync();
        var dialog = page.GetByTestId("confirm-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("No new resource starts");
        await Assertions.Expect(dialog).ToContainTextAsync("exist so far");
        await Assertions.Expect(page.GetByTestId("confirm-items")).ToContainTextAsync($"vpc (Vpc, {vpc})");
        await Screenshots.SaveAsync(page, "environment-stop");
        await page.GetByTestId("confirm-ok").ClickAsync();

        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Failed, EnvironmentStatus.Ready);
        Assert.Equal(EnvironmentStatus.Failed, view.Status);
        Assert.StartsWith("Stopped by alice@kund.dev: ", view.FailureReason, StringComparison.Ordinal);
        Assert.Contains(view.Resources, r => r.State == ResourceState.Pending);
        await Assertions.Expect(page.GetByTestId("action-retry")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private async Task<string> CloudIdWhenCreatedAsync(Guid id, string key)
    {
        using var patience = new CancellationTokenSource(ProvisioningHarness.Patience);
        while (true)
        {
            var record = (await app.RecordsOfAsync(id)).SingleOrDefault(r => r.Key == key);
            if (record is { State: ResourceState.Created, CloudId: { } cloudId })
            {
                return cloudId;
            }

            Assert.False(patience.IsCancellationRequested, $"{key} was never created");
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
