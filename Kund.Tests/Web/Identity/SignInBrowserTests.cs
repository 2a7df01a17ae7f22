using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Web.Identity;

/// <summary>In Chromium, under the Content-Security-Policy: sign in as alice, use the interactive profile page, sign out.</summary>
public class SignInBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task SignIn_AsAlice_NameInUserMenuInteractiveAndNoCspViolations()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/account/profile");
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("text=alice@kund.dev");
        await Screenshots.SaveAsync(page, "sign-in");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "sign-in");

        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync("**/account/profile");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        Assert.Contains("Alice Andersson", await page.Locator("[data-testid=user-name]").TextContentAsync() ?? "", StringComparison.Ordinal);

        // Interactive under the CSP: creating a token goes over the circuit.
        await page.Locator("input[data-testid=token-name], [data-testid=token-name] input").First.FillAsync("browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.Locator("[data-testid=new-token]").InnerTextAsync();
        Assert.StartsWith("kund_pat_", token, StringComparison.Ordinal);

        await page.Locator("[data-testid=user-name]").ClickAsync();
        await page.GetByLabel("Sign out").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in");

        Assert.Empty(errors);
    }
}
