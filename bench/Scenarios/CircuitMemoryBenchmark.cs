using System.Diagnostics;
using Kund.Bench.Support;
using Kund.Domain.Resources;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Playwright;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 19.5, memory per Blazor circuit: N signed-in Chromium pages, each its own circuit, watching environment
/// pages while progress events are written to those environments. The server's managed heap after a full
/// collection and the process's working set are read before the first page and once all N circuits are open
/// and have rendered live events; the difference over N is the cost of one circuit.
/// </summary>
public static class CircuitMemoryBenchmark
{
    private static readonly TimeSpan OpeningBudget = TimeSpan.FromMinutes(10);

    private const int Checkpoint = 25;

    public static async Task RunAsync(int circuits, int environments)
    {
        Report.Section($"Memory per Blazor circuit ({circuits} signed-in pages watching {environments} environment pages with live events)");
        var open = new CircuitCount();
        await using var database = await BenchDatabase.CreateAsync("circuits");
        await using var host = await BenchHost.StartAsync(
            database,
            new Dictionary<string, string?>
            {
                ["Kund:Provisioning:RunWorker"] = "false",
                ["Kund:Sandbox:VpcLimitPerRegion"] = (environments + 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Kund:Sandbox:AddressLimitPerRegion"] = (environments + 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            services => services.AddSingleton(open).AddScoped<CircuitHandler, CountingCircuitHandler>());
        var watched = new List<(Guid Id, string Team)>();
        for (var i = 0; i < environments; i++)
        {
            var environment = await Support.Environments.SubmitAsync(host, Support.Environments.Payments($"watched-{i + 1:D2}", $"team-{i + 1:D2}"));
            watched.Add((environment.Id, environment.Team));
        }

        using var playwright = await Playwright.CreateAsync();
        // Chromium's own throttling of background tabs stays on: their timers run seldom, but each circuit's render
        // batches still arrive and are applied (the marker below is found on every page).
        // Pages share ten renderer processes, as a browser under memory pressure does; each keeps its own circuit.
        var launch = DashboardBenchmark.LaunchOptions();
        launch.Args = [.. launch.Args!, "--renderer-process-limit=10"];
        await using var browser = await playwright.Chromium.LaunchAsync(launch);
        // Less motion asked for: the busy markers' endless animations repaint every page every frame, and with 75
        // pages that alone took the 2 cores (docs/benchmarks.md §10). The server's circuits are the same either way.
        await using var context = await browser.NewContextAsync(new() { BaseURL = host.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 }, ReducedMotion = ReducedMotion.Reduce });
        var first = $"/environments/{watched[0].Id}";
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(first);
        await signIn.GetByLabel($"Sign in as {Support.Environments.Approver.Email}").ClickAsync();
        await signIn.WaitForURLAsync(url => new Uri(url).AbsolutePath == first);
        await signIn.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await signIn.CloseAsync();
        // The sign-in page's circuit may stay in the server's disconnected-circuit cache for a while: counted from here.
        var baseline = open.Opened;

        var (heapBefore, workingSetBefore) = Measure();
        using var live = new CancellationTokenSource();
        var writing = Task.Run(() => WriteEventsAsync(host, watched, live.Token));
        var clock = Stopwatch.StartNew();
        var pages = new List<IPage>();
        var rows = new List<string>();
        // Opening stops at the target or after the budget: on 2 cores each page opens slower than the last.
        while (pages.Count < circuits && clock.Elapsed < OpeningBudget)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/environments/{watched[pages.Count % watched.Count].Id}", new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]", new() { Timeout = 120_000 });
            pages.Add(page);
            if (pages.Count % Checkpoint == 0 || pages.Count == circuits)
            {
                await WaitForCircuitsAsync(open, baseline + pages.Count);
                var (heap, workingSet) = Measure();
                rows.Add($"| {pages.Count} | {open.Opened - baseline} opened, {open.Open} open | {clock.Elapsed.TotalSeconds:F0} | {heap / 1048576.0:F1} | {(heap - heapBefore) / pages.Count / 1024.0:F0} | {workingSet / 1048576.0:F0} | {(workingSet - workingSetBefore) / pages.Count / 1024.0:F0} |");
                Console.Error.WriteLine(rows[^1]);
            }
        }

        // Every page renders the events written since it opened: a live circuit, not an idle one.
        var marker = await AppendAsync(host, watched, "circuit-benchmark marker");
        var markedAt = clock.Elapsed;
        var shown = await Task.WhenAll(pages.Select(async page =>
        {
            try
            {
                await page.Locator("[data-testid=event-log]").GetByText(marker).First.WaitForAsync(new() { Timeout = 240_000 });
                return (Shown: true, Reconnecting: false);
            }
            catch (TimeoutException)
            {
                return (Shown: false, Reconnecting: await page.Locator("#components-reconnect-modal").IsVisibleAsync());
            }
        }));
        var lastShown = clock.Elapsed - markedAt;

        await live.CancelAsync();
        await writing;
        Report.Line("");
        Report.Line($"before the first page: managed heap {heapBefore / 1048576.0:F1} MiB, working set {workingSetBefore / 1048576.0:F0} MiB; {shown.Count(x => x.Shown)} of {pages.Count} pages showed an event written after all had opened, the last {lastShown.TotalSeconds:F0} s after it was written ({shown.Count(x => !x.Shown && x.Reconnecting)} of the others showing the reconnect dialog)");
        Report.Line("");
        Report.Line("| pages | server's circuits | after (s) | managed heap (MiB) | heap per circuit (KiB) | working set (MiB) | working set per circuit (KiB) |");
        Report.Line("|---|---|---|---|---|---|---|");
        rows.ForEach(Report.Line);
        Report.Line("");
        Report.Line("The heap is the whole bench process's after a full, compacting collection: Kund's host and, much smaller, Playwright's .NET objects for the pages.");
        Report.Require(pages.Count >= Math.Min(circuits, Checkpoint), $"only {pages.Count} pages opened within {OpeningBudget}");
        Report.Require(shown.All(x => x.Shown), $"{shown.Count(x => !x.Shown)} of {pages.Count} pages did not show the event written after all had opened");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static async Task WaitForCircuitsAsync(CircuitCount open, int expected)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (open.Opened != expected && !patience.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>
    /// One resource transition to each watched environment every 2 s until stopped — a seed environment's create
    /// commits about 50 in 15 minutes — each making every page watching it read the environment again. Events
    /// without a resource would also go to every approver's queue, badge and bell, which a run's do not.
    /// </summary>
    private static async Task WriteEventsAsync(BenchHost host, List<(Guid Id, string Team)> watched, CancellationToken stop)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            await AppendAsync(host, watched, $"live event {round}");
            try
            {
                await Task.Delay(2000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<string> AppendAsync(BenchHost host, List<(Guid Id, string Team)> watched, string message)
    {
        var writer = host.Services.GetRequiredService<ProgressWriter>();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        foreach (var (id, team) in watched)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await writer.AppendAsync(db, id, team, message, 10, "vpc", ResourceState.Creating, cancellationToken: CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        return message;
    }

    /// <summary>Circuits the server opened and closed (the sign-in page's closes some time after it was left).</summary>
    private sealed class CircuitCount
    {
        private int opened;
        private int closed;

        public int Opened => Volatile.Read(ref opened);

        public int Open => Opened - Volatile.Read(ref closed);

        public void Add(int delta) => Interlocked.Increment(ref delta > 0 ? ref opened : ref closed);
    }

    private sealed class CountingCircuitHandler(CircuitCount open) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            open.Add(1);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            open.Add(-1);
            return Task.CompletedTask;
        }
    }
}
