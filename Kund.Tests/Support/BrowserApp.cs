using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kund.Tests.Support;

/// <summary>
/// Kund on a real Kestrel port on loopback and Debian's Chromium driven by Playwright
/// (never a downloaded browser: <c>KUND_CHROMIUM</c>, default /usr/bin/chromium).
/// </summary>
public class BrowserApp : KundAppFactory
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KUND_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    /// <summary>A new page signed in as the sandbox user <paramref name="email"/>, at <paramref name="path"/>, once it is interactive.</summary>
    public async Task<IPage> SignInAsync(string email, string path, int width = 1440, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync(path);
        await page.GetByLabel($"Sign in as {email}").ClickAsync();
        // A whole suite on two cores makes the first render of a page slow: wait for it longer than Playwright's 30 s.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path, new() { Timeout = 90_000 });
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]", new() { Timeout = 90_000 });
        return page;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
