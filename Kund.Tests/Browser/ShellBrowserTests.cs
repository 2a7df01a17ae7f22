using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

public class ShellBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Home_InChromium_RendersShellAndIsInteractive()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        // Pages are for signed-in users: sign in as a demo user first.
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.WaitForSelectorAsync(".mud-appbar");
        await Assertions.Expect(page).ToHaveTitleAsync("Environments · Kund");

        // The layout says when the Blazor circuit is up; the dark-mode toggle needs it.
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        const string Background = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var before = await page.EvaluateAsync<string>(Background);
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync($"before => ({Background})() !== before", before);

        await Screenshots.SaveAsync(page, "shell");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "shell");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DarkMode_FollowsTheBrowser_ChoiceRememberedFromTheFirstPaint()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // The browser prefers dark: the page follows, and the next page is prerendered dark.
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true][data-theme=dark]");
        Assert.Contains("data-theme=\"dark\"", await PrerenderedAsync(page), StringComparison.Ordinal);

        // Chosen light: a reload stays light from its first paint, though the browser still prefers dark.
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-theme=light]");
        await page.WaitForFunctionAsync("() => document.cookie.includes('kund.theme=light')");
        Assert.Contains("data-theme=\"light\"", await PrerenderedAsync(page), StringComparison.Ordinal);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await Assertions.Expect(page.Locator(".mud-layout")).ToHaveAttributeAsync("data-theme", "light");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "home, light");
        await context.CloseAsync();
    }

    [Theory]
    [InlineData(ReducedMotion.NoPreference, "kund-pulse", "kund-spin")]
    [InlineData(ReducedMotion.Reduce, "none", "none")]
    public async Task BusyMarkers_BrowserAsksForLessMotion_StandStill(ReducedMotion motion, string node, string chip)
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ReducedMotion = motion });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");

        // A busy graph node and a busy chip as the environment page draws them, styled by the page's own app.css.
        var animations = await page.EvaluateAsync<string[]>(
            """
            () => {
                const host = document.createElement('div');
                host.innerHTML = '<svg><g class="kund-node-busy"><rect width="4" height="4"></rect></g></svg><div class="kund-busy"><span class="mud-chip-icon">x</span></div>';
                document.body.appendChild(host);
                return [getComputedStyle(host.querySelector('rect')).animationName, getComputedStyle(host.querySelector('.mud-chip-icon')).animationName];
            }
            """);
        Assert.Equal([node, chip], animations);
        await context.CloseAsync();
    }

    /// <summary>The page as the server prerenders it, with the browser's cookies: what the first paint shows.</summary>
    private static async Task<string> PrerenderedAsync(IPage page) => await (await page.APIRequest.GetAsync("/")).TextAsync();
}
