using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Web.Pages;

/// <summary>The audit page in Chromium as dave (auditor): filter by environment name, keep the filters in the address, export them.</summary>
public class AuditBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string EnvironmentField = "input[data-testid=filter-environment], [data-testid=filter-environment] input";

    [Fact]
    public async Task ExportCsv_FilteredByEnvironmentName_DownloadsThoseRowsWithTheSessionCookie()
    {
        var wanted = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("audit-wanted"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.UpdateDraftAsync(Callers.Alice, wanted.Id, SeedSpecs.Payments("audit-wanted"), CancellationToken.None));
        var other = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Bob, SeedSpecs.Payments("audit-other", "team-b"), CancellationToken.None));

        var page = await app.NewPageAsync();
        await page.GotoAsync("/audit");
        await page.GetByLabel("Sign in as dave@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/audit");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await page.GetByTestId("audit-table").WaitForAsync();

        await page.Locator(EnvironmentField).First.FillAsync("audit-w");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "audit-wanted" }).First.ClickAsync();
        // The pick reaches the server over the circuit; apply once the field shows it.
        await Assertions.Expect(page.Locator(EnvironmentField).First).ToHaveValueAsync("audit-wanted");
        // On a loaded machine the pick can reach the circuit after the first click on Apply (which then
        // applies the filters as they were); Apply again until the address carries the environment.
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId("apply").ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => url.Contains($"environmentId={wanted.Id}", StringComparison.Ordinal), new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
        var rows = page.Locator("[data-testid=audit-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // The filters are in the address: a reload shows the same rows and the same name in the field.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(EnvironmentField).First).ToHaveValueAsync("audit-wanted");
        await Screenshots.SaveAsync(page, "audit-filtered");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "audit, filtered");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync(), new() { Timeout = 15_000 });
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync())).Where(l => l.Length > 0).ToList();

        Assert.Equal("id,at,actor,action,team,environmentId,subject,details,hash", lines[0]);
        Assert.Equal(2, lines.Count - 1);
        Assert.All(lines.Skip(1), line => Assert.Contains(wanted.Id.ToString("D"), line, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(other.Id.ToString("D"), StringComparison.Ordinal));

        // Back goes to the unfiltered history, with the other environment's rows.
        await page.GotoAsync($"/audit?environmentId={other.Id}");
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => url.Contains($"environmentId={wanted.Id}", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(EnvironmentField).First).ToHaveValueAsync("audit-wanted");
    }

    [Fact]
    public async Task Export_WithoutSession_RedirectsToSignIn()
    {
        var page = await app.NewPageAsync();
        var response = await page.APIRequest.GetAsync("/audit/export", new() { MaxRedirects = 0 });

        Assert.Equal(302, response.Status);
        Assert.Contains("/account/sign-in", response.Headers["location"], StringComparison.Ordinal);
    }
}
