using System.Net;
using Kund.Tests.Support;

namespace Kund.Tests.Web;

public class HealthEndpointTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Healthz_ProcessAlive_Returns200()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_DatabaseMigrated_Returns200()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // JSON since issue 11.3, so that an unready answer can say why.
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Home_SignedOut_ShellWithSignInPage()
    {
        using var client = app.CreateClient();

        // Signed out, "/" leads to the sign-in page, which renders in the same shell.
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("mud-layout", html, StringComparison.Ordinal);
        Assert.Contains("<title>Sign in · Kund</title>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_framework/blazor.web.js")]
    [InlineData("_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js")]
    public async Task StaticAssets_ReferencedByShell_AreServed(string asset)
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var stem = asset[..asset.LastIndexOf('.')];
        var start = html.IndexOf(stem, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the shell does not reference {asset}");
        var end = html.IndexOf('"', start);

        var response = await client.GetAsync(new Uri(html[start..end], UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
