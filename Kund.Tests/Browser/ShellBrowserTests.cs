using Kund.Tests.Support;

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
        Assert.Equal("Environments · Kund", await page.TitleAsync());

        // The layout says when the Blazor circuit is up; the dark-mode toggle needs it.
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        const string Background = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var before = await page.EvaluateAsync<string>(Background);
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync($"before => ({Background})() !== before", before);

        await Screenshots.SaveAsync(page, "shell");
        Assert.Empty(errors);
    }
}
