using System.Globalization;
using System.Text.Json;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 19.4: the home page (as alice of team-a), the approvals queue (as carol) and an environment page
/// with one team of many environments and many waiting requests, loaded in Chromium at two sizes: time to
/// first byte, time to interactive, and the SQL statements the host runs per load, which should not grow
/// with the rows.
/// </summary>
public static class DashboardPages
{
    private const string Interactive = ".mud-layout[data-interactive=true]";

    /// <summary>The periodic background services that read or write the database on their own.</summary>
    private static readonly HashSet<string> Periodic = ["ExpiryService", "AuditCheckpointer", "DriftMonitor", "HubCredentialRecheck"];

    public sealed record Size(int Environments, int Approvals);

    private sealed record Seeded(Guid ReadyId, int Active, int Resources, TimeSpan Took);

    /// <param name="Rows">Whether the page lists rows that grow with the sizes (the environment page's graph is the same at both).</param>
    private sealed record PageRun(string Page, bool Rows, List<double> Ttfb, List<double> Interactive, List<IReadOnlyList<string>> Statements)
    {
        public int Fewest => Statements.Min(s => s.Count);

        public int Median => (int)Stats.Median([.. Statements.Select(s => (double)s.Count)]);

        public IReadOnlyList<string> Leanest => Statements.MinBy(s => s.Count)!;
    }

    public static async Task RunAsync(Size small, Size full, int loads, bool verbose, bool requireEqual)
    {
        Report.Section($"Dashboard pages at {small.Environments}/{small.Approvals} and {full.Environments}/{full.Approvals} (environments of team-a / waiting for approval), {loads} loads each in Chromium; load average {Report.LoadAverage()}");
        Report.Line("");
        Report.Line("The provisioning worker is off (`Kund:Provisioning:RunWorker=false`), no progress stream runs, and the periodic");
        Report.Line("background services (expiry, audit checkpoints, drift monitor, webhook sender, hub credential recheck) are not");
        Report.Line("started: every SQL statement counted during a load is one that load caused.");
        var results = new List<(Size Size, Seeded Seeded, List<PageRun> Pages)>();
        using var counter = new StatementCounter();
        foreach (var size in (Size[])[small, full])
        {
            results.Add(await MeasureAsync(size, loads, counter));
        }

        Report.Line("");
        foreach (var (size, seeded, _) in results)
        {
            Report.Line($"- {size.Environments}/{size.Approvals}: seeded in {seeded.Took.TotalSeconds:F0} s; {seeded.Active} active environments (the home page shows the first 60); the environment page's graph has {seeded.Resources} resources");
        }

        Report.Line("");
        Report.Line("| page | environments / waiting | TTFB p50 (ms) | TTFB p95 (ms) | interactive p50 (ms) | interactive p95 (ms) | interactive, all (ms) |");
        Report.Line("|---|---|---|---|---|---|---|");
        foreach (var (size, _, pages) in results)
        {
            foreach (var page in pages)
            {
                Report.Line($"| {page.Page} | {size.Environments} / {size.Approvals} | {Stats.Median(page.Ttfb):F0} | {Stats.Percentile(page.Ttfb, 95):F0} | {Stats.Median(page.Interactive):F0} | {Stats.Percentile(page.Interactive, 95):F0} | {Stats.List(page.Interactive, 0)} |");
            }
        }

        var (a, b) = (results[0], results[1]);
        Report.Line("");
        Report.Line($"| SQL statements per load (median; min–max) | {a.Size.Environments} / {a.Size.Approvals} | {b.Size.Environments} / {b.Size.Approvals} | same |");
        Report.Line("|---|---|---|---|");
        var grown = new List<string>();
        for (var i = 0; i < a.Pages.Count; i++)
        {
            var (x, y) = (a.Pages[i], b.Pages[i]);
            var same = x.Median == y.Median;
            Report.Line($"| {x.Page} | {x.Median} ({x.Fewest}–{x.Statements.Max(s => s.Count)}) | {y.Median} ({y.Fewest}–{y.Statements.Max(s => s.Count)}) | {(same ? "yes" : "**no**")} |");
            // The fewest of each size: a load can catch a late live update and read once more, which is not a read per row.
            if (x.Rows && y.Fewest > x.Fewest)
            {
                grown.Add($"{x.Page} ({x.Fewest} → {y.Fewest})");
            }
        }

        for (var i = 0; i < a.Pages.Count; i++)
        {
            var (x, y) = (a.Pages[i], b.Pages[i]);
            if (verbose || x.Median != y.Median)
            {
                PrintTexts(x.Page, a.Size, x.Leanest, b.Size, y.Leanest);
            }
        }

        Report.Line($"load average at the end: {Report.LoadAverage()}");
        Report.Require(!requireEqual || grown.Count == 0, $"SQL statements per load grow with the rows (fewest per load): {string.Join(", ", grown)}");
    }

    private static void PrintTexts(string page, Size a, IReadOnlyList<string> x, Size b, IReadOnlyList<string> y)
    {
        Report.Line("");
        Report.Line($"{page}: distinct statements of the leanest load ({a.Environments}/{a.Approvals} → {b.Environments}/{b.Approvals}):");
        var before = x.GroupBy(OneLine).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var after = y.GroupBy(OneLine).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var text in before.Keys.Union(after.Keys).OrderByDescending(t => after.GetValueOrDefault(t) - before.GetValueOrDefault(t)))
        {
            Report.Line($"  {before.GetValueOrDefault(text),4} → {after.GetValueOrDefault(text),4}  {text}");
        }
    }

    private static string OneLine(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 220 ? line : line[..220] + "…";
    }

    private static async Task<(Size, Seeded, List<PageRun>)> MeasureAsync(Size size, int loads, StatementCounter counter)
    {
        await using var database = await BenchDatabase.CreateAsync("pages");
        var room = ((size.Environments + 10) * 4).ToString(CultureInfo.InvariantCulture);
        await using var host = await BenchHost.StartAsync(
            database,
            new Dictionary<string, string?>
            {
                ["Kund:Provisioning:RunWorker"] = "false",
                ["Kund:Sandbox:VpcLimitPerRegion"] = room,
                ["Kund:Sandbox:AddressLimitPerRegion"] = room,
            },
            WithoutBackgroundWriters);
        var seeded = await SeedAsync(host, size);

        // Nothing runs on its own: a few quiet seconds without a single statement.
        counter.Restart();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Report.Require(counter.Commands.Count == 0, $"{counter.Commands.Count} SQL statements ran with no page open: {string.Join(" | ", counter.Commands.Select(OneLine).Distinct())}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(DashboardBenchmark.LaunchOptions());
        await using var alice = await SignedInAsync(browser, host, "alice@kund.dev", "/");
        await using var carol = await SignedInAsync(browser, host, Support.Environments.Approver.Email, "/approvals");
        var pages = new List<PageRun>
        {
            await LoadAsync(alice, "home `/` (alice)", true, "/", "[data-testid=env-card]", Math.Min(60, seeded.Active), loads, counter),
            // The queue shows its longest-waiting page of requests first ("Show more" for the rest).
            await LoadAsync(carol, "approvals `/approvals` (carol)", true, "/approvals", "[data-testid=request] [data-testid=plan-summary]", Math.Min(Kund.Web.Components.Pages.Approvals.PageSize, size.Approvals), loads, counter),
            await LoadAsync(carol, $"environment `/environments/{{id}}` (carol, {seeded.Resources} resources)", false, $"/environments/{seeded.ReadyId}", "[data-testid=resource-table] tbody tr", seeded.Resources, loads, counter),
        };
        return (size, seeded, pages);
    }

    /// <summary>
    /// Leaves out the periodic services, and those registered by factory (the provisioning worker, already idle by
    /// its setting, and the webhook sender); the migrator, the sandbox's users, LISTEN and the hub relay stay.
    /// </summary>
    private static void WithoutBackgroundWriters(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType is { } type ? Periodic.Contains(type.Name) : d.ImplementationFactory is not null)).ToList())
        {
            services.Remove(descriptor);
        }
    }

    private static async Task<IBrowserContext> SignedInAsync(IBrowser browser, BenchHost host, string email, string path)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = host.Address.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel($"Sign in as {email}").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await page.WaitForSelectorAsync(Interactive);
        await page.CloseAsync();
        return context;
    }

    /// <summary>
    /// <paramref name="loads"/> loads of <paramref name="path"/> (after one not counted), each a new page and so a new
    /// circuit: timings, and the statements run from navigation start until the page is interactive, shows
    /// <paramref name="expected"/> of <paramref name="content"/>, and no statement has run for half a second.
    /// </summary>
    private static async Task<PageRun> LoadAsync(IBrowserContext context, string name, bool rows, string path, string content, int expected, int loads, StatementCounter counter)
    {
        var run = new PageRun(name, rows, [], [], []);
        for (var i = -1; i < loads; i++)
        {
            var page = await context.NewPageAsync();
            counter.Restart();
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
            await page.WaitForSelectorAsync(Interactive, new() { Timeout = 60_000 });
            await page.WaitForFunctionAsync("([s, n]) => document.querySelectorAll(s).length >= n", new object[] { content, expected }, new() { Timeout = 60_000, PollingInterval = 20 });
            var ready = await page.EvaluateAsync<double>("() => performance.now()");
            var timing = await page.EvaluateAsync<JsonElement>("() => performance.getEntriesByType('navigation')[0].responseStart");
            await counter.SettleAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            var statements = counter.Commands;
            var shown = await page.Locator(content).CountAsync();
            Report.Require(shown >= expected, $"{name}: {shown} of {content} shown, expected {expected}");
            await page.CloseAsync();
            if (i >= 0)
            {
                run.Ttfb.Add(timing.GetDouble());
                run.Interactive.Add(ready);
                run.Statements.Add(statements);
            }
        }

        return run;
    }

    /// <summary>
    /// <see cref="Size.Approvals"/> requests submitted as the team's requester does (plans and all); of the rest, half Ready,
    /// a quarter Destroyed and a quarter drafts. Drafts are made by the service; Ready and Destroyed ones are submitted by
    /// the service too, then moved along by the domain's own transitions (approve, provision, ready, destroy) and given
    /// resource records (Created, or Deleted) in one write, instead of being provisioned by the worker.
    /// </summary>
    private static async Task<Seeded> SeedAsync(BenchHost host, Size size)
    {
        var started = DateTimeOffset.UtcNow;
        var others = size.Environments - size.Approvals;
        var (ready, destroyed) = ((others + 1) / 2, others / 4);
        var drafts = others - ready - destroyed;
        // Interleaved (in the same order every run), as a team's environments come and go: the home page's newest first is a mix.
        var shuffle = new Random(19);
        var kinds = Enumerable.Repeat(EnvironmentStatus.PendingApproval, size.Approvals)
            .Concat(Enumerable.Repeat(EnvironmentStatus.Ready, ready))
            .Concat(Enumerable.Repeat(EnvironmentStatus.Destroyed, destroyed))
            .Concat(Enumerable.Repeat(EnvironmentStatus.Draft, drafts))
            .OrderBy(_ => shuffle.Next()).ToList();
        var requester = Support.Environments.Requester("team-a");
        var toFinish = new List<(Guid Id, EnvironmentStatus Goal)>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var spec = Support.Environments.Payments(string.Create(CultureInfo.InvariantCulture, $"team-a-{i + 1:D3}"), "team-a");
            if (kinds[i] == EnvironmentStatus.Draft)
            {
                await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(requester, spec, CancellationToken.None));
                continue;
            }

            var submitted = await Support.Environments.SubmitAsync(host, spec);
            if (kinds[i] != EnvironmentStatus.PendingApproval)
            {
                toFinish.Add((submitted.Id, kinds[i]));
            }
        }

        Report.Require(toFinish.Count > 0, "no Ready environment to open the environment page of");
        var graph = (await Support.Environments.GetAsync(host, toFinish[0].Id)).Resources.Select(r => (r.Key, r.Kind)).ToList();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
            var ids = toFinish.Select(f => f.Id).ToList();
            var environments = await db.Set<TeamEnvironment>().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id);
            var now = DateTimeOffset.UtcNow;
            foreach (var (id, goal) in toFinish)
            {
                var environment = environments[id];
                environment.Approve(Support.Environments.Approver.Email, "benchmark", now);
                environment.StartProvisioning(now);
                environment.MarkReady(now);
                if (goal == EnvironmentStatus.Destroyed)
                {
                    environment.StartDestroy(requester.Email, now);
                    environment.MarkDestroyed(now);
                }

                db.AddRange(graph.Select((node, n) => new ResourceRecord
                {
                    EnvironmentId = id,
                    Key = node.Key,
                    Team = environment.Team,
                    Kind = node.Kind,
                    State = goal == EnvironmentStatus.Destroyed ? Domain.Resources.ResourceState.Deleted : Domain.Resources.ResourceState.Created,
                    CloudId = string.Create(CultureInfo.InvariantCulture, $"{node.Kind.ToString().ToLowerInvariant()}-{id.ToString("N")[..8]}{n:x4}"),
                    StartedAt = now,
                    UpdatedAt = now,
                }));
            }

            await db.SaveChangesAsync();
        }

        var active = kinds.Count(k => EnvironmentListFilter.Active.Contains(k));
        var readyId = toFinish.First(f => f.Goal == EnvironmentStatus.Ready).Id;
        return new Seeded(readyId, active, graph.Count, DateTimeOffset.UtcNow - started);
    }
}
