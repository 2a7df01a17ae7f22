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
        // Pages in the background tab of a headless browser keep their timers: every circuit stays live.
        var launch = DashboardBenchmark.LaunchOptions();
        launch.Args = [.. launch.Args!, "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"];
        await using var browser = await playwright.Chromium.LaunchAsync(launch);
        await using var context = await browser.NewContextAsync(new() { BaseURL = host.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var first = $"/environments/{watched[0].Id}";
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(first);
        await signIn.GetByLabel($"Sign in as {Support.Environments.Approver.Email}").ClickAsync();
        await signIn.WaitForURLAsync(url => new Uri(url).AbsolutePath == first);
        await signIn.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await signIn.CloseAsync();
        // The sign-in page's circuit may stay in the server's disconnected-circuit cache for a while: counted from here.
        var baseline = open.Value;

        var (heapBefore, workingSetBefore) = Measure();
        using var live = new CancellationTokenSource();
        var writing = Task.Run(() => WriteEventsAsync(host, watched, live.Token));
        var clock = Stopwatch.StartNew();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/environments/{watched[i % watched.Count].Id}", new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]", new() { Timeout = 60_000 });
            pages.Add(page);
            if (pages.Count % 50 == 0)
            {
                Console.Error.WriteLine($"{pages.Count} pages interactive after {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        var allOpen = clock.Elapsed;
        await WaitForCircuitsAsync(open, baseline + circuits);

        // Every page renders the events written since it opened: a live circuit, not an idle one.
        var marker = await AppendAsync(host, watched, "circuit-benchmark marker");
        foreach (var page in pages)
        {
            await page.Locator("[data-testid=event-log]").GetByText(marker).First.WaitForAsync(new() { Timeout = 60_000 });
        }

        await live.CancelAsync();
        await writing;
        var (heapAfter, workingSetAfter) = Measure();
        var perCircuitHeap = (heapAfter - heapBefore) / circuits;
        var perCircuitWorkingSet = (workingSetAfter - workingSetBefore) / circuits;
        Report.Line("");
        Report.Line("| circuits | open (server's count) | all interactive after (s) | managed heap before → after (MiB) | per circuit (KiB) | working set before → after (MiB) | per circuit (KiB) |");
        Report.Line("|---|---|---|---|---|---|---|");
        Report.Line($"| {circuits} | {open.Value - baseline} | {allOpen.TotalSeconds:F1} | {heapBefore / 1048576.0:F1} → {heapAfter / 1048576.0:F1} | {perCircuitHeap / 1024.0:F0} | {workingSetBefore / 1048576.0:F0} → {workingSetAfter / 1048576.0:F0} | {perCircuitWorkingSet / 1024.0:F0} |");
        Report.Line("");
        Report.Line("The heap is the whole bench process's after a full, compacting collection: Kund's host and, much smaller, Playwright's .NET objects for the pages.");
        Report.Require(open.Value - baseline == circuits, $"{open.Value - baseline} circuits opened on the server, expected {circuits}");
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
        while (open.Value != expected && !patience.IsCancellationRequested)
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

    private sealed class CircuitCount
    {
        private int value;

        public int Value => Volatile.Read(ref value);

        public void Add(int delta) => Interlocked.Add(ref value, delta);
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
