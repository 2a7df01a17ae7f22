using System.Diagnostics;
using System.Globalization;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Sandbox;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 16: drift checks of many Ready environments at once while another environment is being created, with
/// EC2 throttling on. Reports the pass's time, its read calls per environment, and the RequestLimitExceeded
/// answers in that window beside those of the same create alone (the create must reach Ready; retries absorb throttling).
/// </summary>
public static class DriftBenchmark
{
    public static async Task RunAsync(int environments, double timeScale, double readsPerSecond)
    {
        Report.Section($"Drift checks of {environments} Ready environments during a create (TimeScale {timeScale}, EC2 throttling on, {readsPerSecond} reads/s)");
        await using var database = await BenchDatabase.CreateAsync("drift");
        await using var host = await BenchHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kund:Sandbox:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
            ["Kund:Sandbox:ThrottlingEnabled"] = "true",
            ["Kund:Sandbox:VpcLimitPerRegion"] = (environments + 5).ToString(CultureInfo.InvariantCulture),
            ["Kund:Sandbox:AddressLimitPerRegion"] = (environments + 5).ToString(CultureInfo.InvariantCulture),
            ["Kund:Drift:RunMonitor"] = "false",
            ["Kund:Drift:ReadsPerSecond"] = readsPerSecond.ToString(CultureInfo.InvariantCulture),
        });
        var cloud = host.Services.GetRequiredService<SandboxCloud>();
        var patience = TimeSpan.FromSeconds(120 + (environments * 2000 / timeScale));

        var ready = new List<TeamEnvironment>();
        foreach (var i in Enumerable.Range(0, environments))
        {
            ready.Add(await Support.Environments.SubmitAsync(host, Support.Environments.Payments($"drift-{i + 1:D3}", $"team-{(i % 10) + 1:D2}")));
        }

        await Task.WhenAll(ready.Select(e => Support.Environments.ApproveAsync(host, e.Id)));
        await Task.WhenAll(ready.Select(e => Support.Environments.WaitForAsync(host, e.Id, EnvironmentStatus.Ready, patience, TimeSpan.FromMilliseconds(500))));

        foreach (var environment in ready)
        {
            await host.WithAsync<DriftService, DriftView>(s => s.RequestAsync(Support.Environments.Requester(environment.Team), environment.Id, CancellationToken.None));
        }

        // The same create alone first: what EC2's rates answer it without any check running.
        var alone = await Support.Environments.SubmitAsync(host, Support.Environments.Payments("drift-alone", "team-new"));
        cloud.Calls.Reset();
        await Support.Environments.ApproveAsync(host, alone.Id);
        await Support.Environments.WaitForAsync(host, alone.Id, EnvironmentStatus.Ready, patience, TimeSpan.FromMilliseconds(200));
        var throttledAlone = Throttled(cloud.Calls);

        var creating = await Support.Environments.SubmitAsync(host, Support.Environments.Payments("drift-create", "team-new"));
        cloud.Calls.Reset();
        var clock = Stopwatch.StartNew();
        await Support.Environments.ApproveAsync(host, creating.Id);
        // The create is timed on its own, while the pass runs: it must not wait for the checks.
        var createWatch = Task.Run(async () =>
        {
            var view = await Support.Environments.WaitForAsync(host, creating.Id, EnvironmentStatus.Ready, patience, TimeSpan.FromMilliseconds(200));
            return (View: view, Seconds: clock.Elapsed.TotalSeconds);
        });
        var pass = await host.Services.GetRequiredService<DriftRunner>().RunPassAsync(CancellationToken.None);
        var checkSeconds = clock.Elapsed.TotalSeconds;
        var (created, createSeconds) = await createWatch;
        var throttled = Throttled(cloud.Calls);

        var views = await Task.WhenAll(ready.Select(e => host.WithAsync<DriftService, DriftView>(s => s.GetAsync(Support.Environments.Approver, e.Id, CancellationToken.None))));
        var inSync = views.Count(v => v.Status == Kund.Domain.Drift.DriftCheckStatus.InSync);
        Report.Line("");
        Report.Line("| environments checked | pass time (s) | read calls | calls / environment | in sync | create → Ready (s) | RequestLimitExceeded: create alone | RequestLimitExceeded: create during the checks |");
        Report.Line("|---|---|---|---|---|---|---|---|");
        Report.Line($"| {pass.Checked.Count} | {checkSeconds:F1} | {pass.ReadCalls:N0} | {pass.ReadCalls / (double)Math.Max(1, pass.Checked.Count):F2} | {inSync} | {createSeconds:F1} | {Text(throttledAlone)} | {Text(throttled)} |");
        Report.Line("");
        Report.Line("calls by operation in the window: " + string.Join(", ", cloud.Calls.Snapshot().Where(c => c.Key.StartsWith("Describe", StringComparison.Ordinal) || c.Key.StartsWith("Get", StringComparison.Ordinal) || c.Key.StartsWith("List", StringComparison.Ordinal)).Select(c => $"{c.Key} {c.Value}")));
        Report.Require(pass.Checked.Count == environments, $"{pass.Checked.Count} of {environments} environments were checked");
        Report.Require(inSync == environments, $"{environments - inSync} untouched environments reported drift");
        Report.Require(created.Status == EnvironmentStatus.Ready, "the create did not finish");
    }

    private static Dictionary<string, long> Throttled(SandboxCallCounters calls) =>
        calls.Snapshot().Keys.Where(op => calls.Throttled(op) > 0).ToDictionary(op => op, calls.Throttled, StringComparer.Ordinal);

    private static string Text(Dictionary<string, long> throttled) =>
        throttled.Count == 0 ? "0" : $"{throttled.Values.Sum()} ({string.Join(", ", throttled.Select(t => $"{t.Key} {t.Value}"))})";
}
