using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// The resource graph as Chromium draws it: every label inside its box on a desktop, and on a phone
/// (390×844) the tall drawing at full text size. Screenshots go to .kund/screenshots/ for a person to look at.
/// </summary>
public sealed class GraphBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // Labels whose drawn extent passes the right edge of their box, as "key: label".
    private const string OverflowingLabels = """
        sel => [...document.querySelectorAll(sel)].filter(g => g.getClientRects().length > 0).flatMap(g => {
            const box = g.querySelector('rect').getBBox();
            return [...g.querySelectorAll('text')]
                .filter(t => { const b = t.getBBox(); return b.x + b.width > box.x + box.width - 2; })
                .map(t => g.dataset.key + ': ' + t.textContent);
        })
        """;

    [Fact]
    public async Task EnvironmentPage_DesktopAndPhone_GraphLabelsWholeAndReadable()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("graph-look"), CancellationToken.None));
        var id = draft.Id;

        var desktop = await SignInAsync(1440, 900);
        await desktop.GotoAsync($"/environments/{id}");
        await WaitForGraphAsync(desktop);
        await desktop.ScreenshotAsync(new() { Path = ScreenshotPath("environment-desktop"), FullPage = true });
        Assert.Empty(await desktop.EvaluateAsync<string[]>(OverflowingLabels, "[data-testid=resource-graph] .kund-node"));

        var phone = await SignInAsync(390, 844);
        await phone.GotoAsync($"/environments/{id}");
        await WaitForGraphAsync(phone);
        await phone.ScreenshotAsync(new() { Path = ScreenshotPath("environment-phone"), FullPage = true });
        await Assertions.Expect(phone.GetByTestId("resource-graph")).ToBeHiddenAsync();
        await Assertions.Expect(phone.GetByTestId("resource-graph-tall")).ToBeVisibleAsync();
        Assert.Empty(await phone.EvaluateAsync<string[]>(OverflowingLabels, "[data-testid=resource-graph-tall] .kund-node"));

        // 13 px keys drawn at no less than 11 px: the picture is not shrunk to fit the screen.
        var keyHeight = await phone.EvaluateAsync<double>("() => document.querySelector('[data-testid=resource-graph-tall] .kund-node-key').getBoundingClientRect().height");
        Assert.True(keyHeight >= 11, $"node keys drawn {keyHeight} px high on a phone");
        var overflow = await phone.EvaluateAsync<double>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow} px on a phone");
    }

    private async Task<IPage> SignInAsync(int width, int height)
    {
        var page = await app.NewPageAsync(width, height);
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        return page;
    }

    private static async Task WaitForGraphAsync(IPage page)
    {
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await page.Locator("[data-testid=resource-graph-tall] .kund-node").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    private static string ScreenshotPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kund.sln")))
            {
                var folder = Path.Combine(dir.FullName, ".kund", "screenshots");
                Directory.CreateDirectory(folder);
                return Path.Combine(folder, name + ".png");
            }
        }

        throw new InvalidOperationException($"Kund.sln not found above {AppContext.BaseDirectory}.");
    }
}
