using System.Globalization;
using System.Text.Json;
using Kund.Bench.Support;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 8.6: the environment page (<c>/environments/{id}</c>) with many resources and a live event stream,
/// loaded in Chromium: time to first byte (navigation timing) and time until the Blazor circuit is
/// interactive and the resource table is on screen.
/// </summary>
public static class DashboardBenchmark
{
    public static async Task RunAsync(int resources, int loads, DashboardPages.Size pages, DashboardPages.Size smallPages, bool verbose, bool requireEqual)
    {
        await EnvironmentPageAsync(resources, loads);
        await DashboardPages.RunAsync(smallPages, pages, loads, verbose, requireEqual);
    }

    private static async Task EnvironmentPageAsync(int resources, int loads)
    {
        Report.Section($"Dashboard response (environment page, {resources} resources, events written every 100 ms, {loads} loads in Chromium)");
        await using var database = await BenchDatabase.CreateAsync("dashboard");
        await using var host = await BenchHost.StartAsync(database, new Dictionary<string, string?> { ["Kund:Provisioning:RunWorker"] = "false" });
        var environment = await Support.Environments.SubmitAsync(host, Wide("dashboard", "team-a", resources));
        var planned = (await Support.Environments.GetAsync(host, environment.Id)).Resources.Count;
        Report.Line($"the environment's graph has {planned} resources (the seed environment with {planned - 9} subnets)");
        await SeedAsync(host, environment.Id, environment.Team, (await Support.Environments.GetAsync(host, environment.Id)).Resources.Select(r => (r.Key, r.Kind)).ToList(), events: 300);

        using var live = new CancellationTokenSource();
        var stream = Task.Run(() => StreamAsync(host, environment.Id, environment.Team, live.Token));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions());
        await using var context = await browser.NewContextAsync(new() { BaseURL = host.Address.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        var path = $"/environments/{environment.Id}";
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(path);
        await signIn.GetByLabel($"Sign in as {Support.Environments.Approver.Email}").ClickAsync();
        await signIn.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await signIn.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await signIn.CloseAsync();

        var ttfb = new List<double>();
        var domReady = new List<double>();
        var interactive = new List<double>();
        for (var i = -1; i < loads; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]", new() { Timeout = 30_000 });
            await page.WaitForSelectorAsync("[data-testid=resource-table]", new() { Timeout = 30_000 });
            var ready = await page.EvaluateAsync<double>("() => performance.now()");
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            var timing = await page.EvaluateAsync<JsonElement>("() => { const n = performance.getEntriesByType('navigation')[0]; return { responseStart: n.responseStart, domContentLoaded: n.domContentLoadedEventEnd }; }");
            if (i >= 0)
            {
                ttfb.Add(timing.GetProperty("responseStart").GetDouble());
                domReady.Add(timing.GetProperty("domContentLoaded").GetDouble());
                interactive.Add(ready);
            }

            var rows = await page.Locator("[data-testid=resource-table] tbody tr").CountAsync();
            Report.Require(rows >= planned, $"the resource table shows {rows} rows, expected {planned}");
            await page.CloseAsync();
        }

        await live.CancelAsync();
        await stream;
        Report.Line("");
        Report.Line("| from navigation start | p50 (ms) | p95 (ms) | all (ms) |");
        Report.Line("|---|---|---|---|");
        Report.Line($"| time to first byte (responseStart) | {Stats.Median(ttfb):F0} | {Stats.Percentile(ttfb, 95):F0} | {Stats.List(ttfb, 0)} |");
        Report.Line($"| DOMContentLoaded | {Stats.Median(domReady):F0} | {Stats.Percentile(domReady, 95):F0} | {Stats.List(domReady, 0)} |");
        Report.Line($"| interactive (circuit up: .mud-layout[data-interactive=true], resource table shown) | {Stats.Median(interactive):F0} | {Stats.Percentile(interactive, 95):F0} | {Stats.List(interactive, 0)} |");
    }

    /// <summary>Debian's Chromium, headless, with nothing of its own on the network.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("KUND_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    };

    /// <summary>The seed environment with as many /24 subnets as make <paramref name="resources"/> nodes in all.</summary>
    private static EnvironmentSpec Wide(string name, string team, int resources)
    {
        var seed = Support.Environments.Payments(name, team);
        var subnets = Enumerable.Range(0, Math.Max(4, resources - 9)).Select(i => new SubnetSpec
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{(i % 4 < 2 ? "public" : "private")}-{i:D3}"),
            Cidr = string.Create(CultureInfo.InvariantCulture, $"10.3.{i}.0/24"),
            AvailabilityZone = i % 2 == 0 ? "ap-northeast-2a" : "ap-northeast-2b",
            Tier = i % 4 < 2 ? SubnetTier.Public : SubnetTier.Private,
        }).ToList();
        return seed with { Subnets = subnets, Cluster = seed.Cluster! with { Subnets = ["private-002", "private-003"] } };
    }

    private static async Task SeedAsync(BenchHost host, Guid environmentId, string team, List<(string Key, ResourceKind Kind)> resources, int events)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        var now = DateTimeOffset.UtcNow;
        await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environmentId).ExecuteDeleteAsync();
        for (var i = 0; i < resources.Count; i++)
        {
            db.Add(new ResourceRecord
            {
                EnvironmentId = environmentId,
                Key = resources[i].Key,
                Team = team,
                Kind = resources[i].Kind,
                State = i % 3 == 0 ? ResourceState.Creating : ResourceState.Created,
                CloudId = string.Create(CultureInfo.InvariantCulture, $"subnet-{i:x8}"),
                StartedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
        var writer = host.Services.GetRequiredService<ProgressWriter>();
        for (var i = 0; i < events; i++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await writer.AppendAsync(db, environmentId, team, $"{resources[i % resources.Count].Key} created", 50, resources[i % resources.Count].Key, ResourceState.Created);
            await transaction.CommitAsync();
        }
    }

    private static async Task StreamAsync(BenchHost host, Guid environmentId, string team, CancellationToken stop)
    {
        var writer = host.Services.GetRequiredService<ProgressWriter>();
        while (!stop.IsCancellationRequested)
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await writer.AppendAsync(db, environmentId, team, "live event", 60, "vpc", ResourceState.Creating, cancellationToken: CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
