using System.Diagnostics;
using System.Globalization;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Http;
using Kund.Infrastructure.Sandbox;
using Npgsql;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 8.2: many seed environments of many teams approved at once on one node, then destroyed at once;
/// wall time, process CPU per environment, peak memory, peak database connections, EC2 throttling answered.
/// </summary>
public static class ManyTeamsBenchmark
{
    public static async Task RunAsync(int environments, double timeScale, bool clientRateLimit = true)
    {
        var teams = Math.Max(1, environments / 2);
        Report.Section($"One node, many teams ({environments} seed environments of {teams} teams, TimeScale {timeScale}, EC2 throttling on, Kund's EC2 rate limiter {(clientRateLimit ? "on" : "off")}; load average {Report.LoadAverage()})");
        await using var database = await BenchDatabase.CreateAsync("many");
        await using var host = await BenchHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kund:Sandbox:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
            ["Kund:Sandbox:ThrottlingEnabled"] = "true",
            ["Kund:Aws:ClientRateLimit"] = clientRateLimit ? "true" : "false",
            ["Kund:Sandbox:VpcLimitPerRegion"] = (environments + 5).ToString(CultureInfo.InvariantCulture),
            ["Kund:Sandbox:AddressLimitPerRegion"] = (environments + 5).ToString(CultureInfo.InvariantCulture),
        });
        var cloud = host.Services.GetRequiredService<SandboxCloud>();
        var limiter = host.Services.GetRequiredService<AwsClients>().Ec2RateLimiter;

        var submitted = new List<TeamEnvironment>();
        foreach (var i in Enumerable.Range(0, environments))
        {
            var team = $"team-{(i % teams) + 1:D2}";
            submitted.Add(await Support.Environments.SubmitAsync(host, Support.Environments.Payments($"many-{i + 1:D3}", team)));
        }

        Report.Line("");
        Report.Line("| phase | environments | wall time (s) | API-rate bound (s) | wall / bound | CPU s / environment | peak working set (MiB) | peak GC heap (MiB) | peak DB connections | cloud calls | RequestLimitExceeded | per environment | calls that waited for a token |");
        Report.Line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");

        // Each row is printed as soon as its phase ends: a destroy bound by EC2's API rates can take long.
        cloud.Calls.Reset();
        limiter?.ResetCounts();
        var ids = submitted.Select(e => e.Id).ToList();
        var create = await PhaseAsync(host, database, ids, EnvironmentStatus.Ready, timeScale,
            () => Task.WhenAll(submitted.Select(e => Support.Environments.ApproveAsync(host, e.Id))));
        var notes = new List<string> { Row("approve all → all Ready", create, cloud.Calls, limiter, environments) };
        cloud.Calls.Reset();
        limiter?.ResetCounts();
        var destroy = await PhaseAsync(host, database, ids, EnvironmentStatus.Destroyed, timeScale,
            () => Task.WhenAll(submitted.Select(e => Support.Environments.DestroyAsync(host, e.Id, e.Team))));
        notes.Add(Row("destroy all → all Destroyed", destroy, cloud.Calls, limiter, environments));
        Report.Line("");
        notes.ForEach(Report.Line);
        Report.Line($"load average at the end: {Report.LoadAverage()}");

        Report.Line("");
        Report.Line($"critical path of one environment at this scale: create {MakespanBenchmark.CriticalPath(timeScale).TotalSeconds:F2} s");
        Report.Line($"none failed: {create.Failed} failed while creating, {destroy.Failed} while destroying");
    }

    /// <summary>
    /// The bound is the limiter's: the EC2 calls it let through, beyond each bucket's burst, at the bucket's
    /// refill rate (the slowest bucket decides). Without the limiter there is no count to take it from.
    /// </summary>
    private static string Row(string phase, Phase p, SandboxCallCounters calls, Ec2RateLimiter? limiter, int environments)
    {
        var bound = limiter?.ApiRateBound().TotalSeconds;
        var boundText = bound is { } b and > 0 ? $"{b:F1} | {p.Seconds / b:F2}" : $"{bound ?? 0:F1} | —";
        var waited = limiter is null ? "—" : $"{limiter.Waited:N0} ({limiter.WaitedFor.TotalSeconds:F0} s in all)";
        Report.Line($"| {phase} | {p.Done} | {p.Seconds:F1} | {boundText} | {p.CpuSeconds / environments:F3} | {p.PeakWorkingSet / 1048576.0:F0} | {p.PeakHeap / 1048576.0:F0} | {p.PeakConnections} | {calls.TotalCalls:N0} | {calls.TotalThrottled:N0} | {calls.TotalThrottled / (double)environments:F2} | {waited} |");
        var slowest = limiter?.Taken().OrderByDescending(t => Math.Max(0, t.Value - Ec2RateLimiter.LimitOf(t.Key).Capacity) / Ec2RateLimiter.LimitOf(t.Key).PerSecond).Take(3) ?? [];
        return $"{phase}: the slowest buckets (calls per region): {string.Join(", ", slowest.Select(t => $"{t.Key} {t.Value}"))}";
    }

    private sealed record Phase(int Done, int Failed, double Seconds, double CpuSeconds, long PeakWorkingSet, long PeakHeap, long PeakConnections);

    private static async Task<Phase> PhaseAsync(BenchHost host, BenchDatabase database, List<Guid> ids, EnvironmentStatus goal, double timeScale, Func<Task> start)
    {
        var environments = ids.Count;
        using var sampling = new CancellationTokenSource();
        long peakWorkingSet = 0, peakHeap = 0, peakConnections = 0;
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                peakConnections = Math.Max(peakConnections, await database.ConnectionCountAsync());
                await Task.Delay(200, CancellationToken.None);
            }
        });

        var cpu = Report.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        await start();
        var timeout = TimeSpan.FromSeconds(120 + (environments * 2000 / timeScale));
        (int Done, int Failed) counts;
        do
        {
            await Task.Delay(250);
            counts = await CountAsync(database, goal);
        }
        while (counts.Done + counts.Failed < environments && clock.Elapsed < timeout);

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = Report.ProcessCpuSeconds() - cpu;
        await sampling.CancelAsync();
        await sampler;
        if (counts.Done != environments)
        {
            Report.Require(false, $"{counts.Done} of {environments} environments reached {goal} within {timeout} ({counts.Failed} failed): {await WhyNotAsync(host, ids, goal)}");
        }

        return new Phase(counts.Done, counts.Failed, seconds, cpuSeconds, peakWorkingSet, peakHeap, peakConnections);
    }

    /// <summary>Each environment that did not reach the goal: its status, failure reason and the resources not done.</summary>
    private static async Task<string> WhyNotAsync(BenchHost host, List<Guid> ids, EnvironmentStatus goal)
    {
        var reasons = new List<string>();
        foreach (var id in ids)
        {
            var view = await Support.Environments.GetAsync(host, id);
            if (view.Status != goal)
            {
                var pending = view.Resources.Where(r => r.State is not (Kund.Domain.Resources.ResourceState.Created or Kund.Domain.Resources.ResourceState.Deleted));
                reasons.Add($"{view.Name} is {view.Status}{(view.FailureReason is { } reason ? $" ({reason})" : "")}; not done: "
                    + string.Join(", ", pending.Select(r => $"{r.Key}={r.State}{(r.Error is null ? "" : $" ({r.Error})")}")));
            }
        }

        return string.Join("; ", reasons);
    }

    private static async Task<(int Done, int Failed)> CountAsync(BenchDatabase database, EnvironmentStatus goal)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""select count(*) filter (where "Status" = @goal), count(*) filter (where "Status" = 'Failed') from environments""", connection);
        command.Parameters.AddWithValue("goal", goal.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
