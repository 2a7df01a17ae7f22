using Kund.Bench.Scenarios;
using Kund.Bench.Scenarios.Executor;
using Kund.Bench.Support;

if (args is [FanoutServer.Flag])
{
    return await FanoutServer.RunAsync();
}

// Kund's benchmarks. One flag per measurement of docs/benchmarks.md; --smoke runs them all at tiny sizes.
var all = new[] { "--makespan", "--change", "--many", "--fanout", "--audit", "--executor", "--dashboard", "--drift", "--webhooks", "--circuits", "--scale-out" };
var smoke = args.Contains("--smoke");
var chosen = smoke || args.Contains("--all") ? all : all.Where(args.Contains).ToArray();
if (chosen.Length == 0)
{
    Console.Error.WriteLine($"usage: dotnet run --project bench -c Release -- --smoke | --all | {string.Join(" | ", all)} [--runs N] [--scale TIMESCALE] [--envs N] [--approvals N] [--pages N] [--nodes N] [--verbose] [--compare-terraform] [--compare-relay] [--no-client-limit]");
    return 2;
}

var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 1 : 3);
var environments = args.SkipWhile(a => a != "--envs").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 3 : 100);
var scale = args.SkipWhile(a => a != "--scale").Skip(1).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(smoke ? 600 : 60);
// The dashboard's pages: one team's environments and waiting requests, and a tenth of each beside them.
var pages = new DashboardPages.Size(
    args.SkipWhile(a => a != "--envs").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 10 : 500),
    args.SkipWhile(a => a != "--approvals").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 4 : 200));
var smallPages = new DashboardPages.Size(Math.Max(2, pages.Environments / 10), Math.Max(1, pages.Approvals / 10));
Report.Header(args);
try
{
    foreach (var flag in chosen)
    {
        var task = flag switch
        {
            "--makespan" => MakespanBenchmark.RunAsync(timeScale: scale, runs, compareTerraform: args.Contains("--compare-terraform")),
            "--change" => ChangeBenchmark.RunAsync(timeScale: scale, runs),
            "--audit" => AuditBenchmark.RunAsync(rows: smoke ? 5_000 : 1_000_000, samples: smoke ? 5 : 200),
            "--fanout" => FanoutBenchmark.RunAsync(clients: smoke ? 20 : 1_000, events: smoke ? 3 : 20, spacing: TimeSpan.FromMilliseconds(smoke ? 50 : 250), compare: smoke || args.Contains("--compare-relay")),
            "--many" => ManyTeamsBenchmark.RunAsync(environments, timeScale: scale, clientRateLimit: !args.Contains("--no-client-limit")),
            "--dashboard" => DashboardBenchmark.RunAsync(resources: smoke ? 20 : 200, loads: smoke ? 2 : 15, pages, smallPages, verbose: args.Contains("--verbose"), requireEqual: smoke),
            "--executor" => ExecutorBenchmark.RunAsync(smoke),
            "--drift" => DriftBenchmark.RunAsync(environments, timeScale: scale, readsPerSecond: 4),
            "--circuits" => CircuitMemoryBenchmark.RunAsync(circuits: args.SkipWhile(a => a != "--pages").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 3 : 200), environments: smoke ? 2 : 10),
            "--scale-out" => ScaleOutBenchmark.RunAsync(
                environments: args.SkipWhile(a => a != "--envs").Skip(1).Select(int.Parse).FirstOrDefault(smoke ? 6 : 300),
                nodes: args.SkipWhile(a => a != "--nodes").Skip(1).Select(int.Parse).FirstOrDefault(3),
                timeScale: scale,
                watchersPerNode: smoke ? 1 : 5,
                leaseDuration: TimeSpan.FromSeconds(smoke ? 6 : 30)),
            "--webhooks" => WebhookBenchmark.RunAsync(webhooks: smoke ? 2 : 10, pacedEnvironments: smoke ? 2 : 50, burstEnvironments: smoke ? 3 : 100, spacing: TimeSpan.FromMilliseconds(smoke ? 20 : 100)),
            _ => Task.CompletedTask,
        };
        await task;
    }
}
catch (BenchmarkFailedException ex)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    return 1;
}

return 0;
