using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

public class LeftoversBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Leftovers_AdminInChromium_ShowsTheLoneElasticIpWithItsCost()
    {
        var address = app.Cloud().AllocateAddress("ap-northeast-2");
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as admin@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Leftovers" })).ToBeVisibleAsync();
        await page.GotoAsync("/leftovers?region=ap-northeast-2");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        var row = page.Locator("[data-testid=leftovers-table] tr", new() { HasText = address.AllocationId });

        await Assertions.Expect(row).ToContainTextAsync("$3.65");
        await Assertions.Expect(row).ToContainTextAsync("associated with nothing");
        await Screenshots.SaveAsync(page, "leftovers");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "leftovers");
    }
}
