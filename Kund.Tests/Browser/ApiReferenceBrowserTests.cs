using Kund.Tests.Support;

namespace Kund.Tests.Browser;

/// <summary>The browsable API reference renders the OpenAPI document, served by Kund alone, under its CSP.</summary>
public class ApiReferenceBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ApiDocs_InChromium_RendersFromKundAlone()
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.RequestFailed += (_, request) => problems.Add($"failed: {request.Url}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Add($"left Kund: {request.Url}");
            }
        };

        await page.GotoAsync("/api-docs");
        try
        {
            await page.GetByText("Environments").First.WaitForAsync(new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            await Screenshots.SaveAsync(page, "api-docs");
            Assert.Fail($"the reference did not render: {string.Join(" | ", problems)} {await page.ContentAsync()}"[..3000]);
        }

        Assert.Equal("Kund API", await page.TitleAsync());
        Assert.Empty(problems);

        // Kund's reference, not the vendor's storefront: no developer toolbar, no "open in the vendor's client".
        await Screenshots.SaveAsync(page, "api-docs");
        // What a person sees: the vendor's sidebar link stays in the markup but is hidden by Kund's style.
        var vendor = page.Locator("a[href*='scalar.com']:visible, button:has-text('Open API Client'):visible, button:has-text('Generate SDK'):visible, button:has-text('Share'):visible, button:has-text('Deploy'):visible");
        Assert.Equal(0, await vendor.CountAsync());
    }
}
