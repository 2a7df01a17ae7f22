using System.Diagnostics;
using System.Globalization;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Teams;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 8.1: the seed environment from approval to <c>Ready</c> through the real worker path, against the
/// critical path of its plan under the durations the sandbox really simulates, and against one resource at a time.
/// </summary>
public static class MakespanBenchmark
{
    public static async Task RunAsync(double timeScale, int runs, bool compareTerraform = false)
    {
        Report.Section($"Makespan vs critical path (seed environment, TimeScale {timeScale}, {runs} runs each)");
        var bound = CriticalPath(timeScale);
        var nominal = NominalCriticalPath(timeScale);
        Report.Line($"critical path, sandbox durations (NAT {SandboxTimings.Scaled(timeScale).NatGatewayCreate.TotalSeconds:F2} s, EKS {SandboxTimings.Scaled(timeScale).ClusterCreate.TotalSeconds:F2} s, node group {SandboxTimings.Scaled(timeScale).NodegroupCreate.TotalSeconds:F2} s, add-on {SandboxTimings.Scaled(timeScale).AddonCreate.TotalSeconds:F2} s, IAM propagation {SandboxTimings.Scaled(timeScale).RolePropagation.TotalSeconds:F2} s before the cluster): **{bound.TotalSeconds:F3} s**");
        Report.Line($"critical path, LatencyModel.Default.Scaled(1/{timeScale}) (VPC/subnet/gateway seconds the sandbox does not simulate): {nominal.TotalSeconds:F3} s");

        var terraform = compareTerraform ? TerraformComparison.Find() : null;
        if (compareTerraform && terraform is null)
        {
            Report.Line("--compare-terraform: terraform is not on PATH; Kund's ratio only.");
        }

        // Terraform first, while Kund's host is not yet up: the two never share the machine's cores.
        var terraformRuns = terraform is null ? null : await TerraformComparison.MeasureAsync(terraform, SeedGraph(), SandboxModel(timeScale), runs, parallelism: 10);
        var parallel = await MeasureAsync(timeScale, runs, maxParallelism: 10);
        var serial = await MeasureAsync(timeScale, runs, maxParallelism: 1);
        var parallelMedian = Stats.Median(parallel.Select(r => r.Seconds).ToList());
        var serialMedian = Stats.Median(serial.Select(r => r.Seconds).ToList());
        Report.Line("");
        Report.Line("| run | MaxParallelism | approve→Ready (s) | approve→first transition (s) | makespan / critical path |");
        Report.Line("|---|---|---|---|---|");
        foreach (var (run, i) in parallel.Concat(serial).Select((r, i) => (r, i)))
        {
            Report.Line($"| {i + 1} | {run.MaxParallelism} | {run.Seconds:F3} | {run.PickupSeconds:F3} | {run.Seconds / bound.TotalSeconds:F3} |");
        }

        Report.Line("");
        Report.Line($"median makespan, parallel: **{parallelMedian:F3} s** → makespan / critical path = **{parallelMedian / bound.TotalSeconds:F3}** (target ≤ 1.01)");
        Report.Line($"median makespan, one at a time (MaxParallelism 1): **{serialMedian:F3} s** → speed-up **{serialMedian / parallelMedian:F2}×**");
        if (terraform is not null && terraformRuns is not null)
        {
            var terraformMedian = Stats.Median(terraformRuns);
            Report.Line("");
            Report.Line($"Side by side ({terraform} {TerraformVersion(terraform)}: `terraform_data` + `local-exec` sleeps of the same durations, `-parallelism=10`, `apply` from an empty state, plan included):");
            Report.Line("");
            Report.Line("| walker | runs (s) | median (s) | makespan / critical path |");
            Report.Line("|---|---|---|---|");
            Report.Line($"| Kund (approve → Ready, MaxParallelism 10) | {string.Join(", ", parallel.Select(r => r.Seconds.ToString("F3", CultureInfo.InvariantCulture)))} | {parallelMedian:F3} | **{parallelMedian / bound.TotalSeconds:F3}** |");
            Report.Line($"| Terraform (apply) | {string.Join(", ", terraformRuns.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))} | {terraformMedian:F3} | **{terraformMedian / bound.TotalSeconds:F3}** |");
        }

        Report.Line($"load average at the end: {Report.LoadAverage()}");
        Report.Line("");
        Report.Line("Timeline of the median parallel run (seconds after approval, as the probe saw each commit):");
        var median = parallel.OrderBy(r => r.Seconds).ElementAt(parallel.Count / 2);
        foreach (var line in median.Timeline)
        {
            Report.Line($"    {line}");
        }
    }

    /// <summary>
    /// The plan's critical path under what the sandbox simulates: only the NAT gateway, the cluster, its node
    /// groups and add-ons take time, and EKS refuses the role until the IAM propagation window has passed since the role's creation
    /// (so the role weighs that window on the way to the cluster). Every other call answers at once.
    /// </summary>
    public static TimeSpan CriticalPath(double timeScale) => new Planner(SandboxModel(timeScale)).PlanCreate(SeedGraph(), []).EstimatedMakespan;

    /// <summary>What the sandbox simulates, as durations per kind (the role weighs IAM's propagation window).</summary>
    private static LatencyModel SandboxModel(double timeScale)
    {
        var sandbox = SandboxTimings.Scaled(timeScale);
        return new LatencyModel(new Dictionary<ResourceKind, KindLatency>
        {
            [ResourceKind.NatGateway] = new(sandbox.NatGatewayCreate, sandbox.NatGatewayDelete),
            [ResourceKind.EksCluster] = new(sandbox.ClusterCreate, sandbox.ClusterDelete),
            [ResourceKind.IamRole] = new(sandbox.RolePropagation, TimeSpan.Zero),
            [ResourceKind.EksNodeGroup] = new(sandbox.NodegroupCreate, sandbox.NodegroupDelete),
            [ResourceKind.EksAddon] = new(sandbox.AddonCreate, sandbox.AddonDelete),
        });
    }

    private static string TerraformVersion(string terraform)
    {
        using var process = Process.Start(new ProcessStartInfo(terraform, "version") { RedirectStandardOutput = true });
        var first = process?.StandardOutput.ReadLine() ?? "";
        process?.WaitForExit();
        return first.Trim();
    }

    public static TimeSpan NominalCriticalPath(double timeScale) =>
        new Planner(LatencyModel.Default.Scaled(1 / timeScale)).PlanCreate(SeedGraph(), []).EstimatedMakespan;

    private static ResourceGraph SeedGraph()
    {
        // The effective spec as the service stores it: defaults applied with the team's sandbox policy
        // (node group, add-ons, the team's access entry). The seed lists its subnets, so no catalog is needed.
        var spec = Support.Environments.Payments("payments-dev", "team-a");
        var effective = SpecDefaults.Apply(spec, new CloudCatalog([]), DefaultTeamPolicies.For(spec.Team, KundMode.Sandbox));
        return ResourceGraphBuilder.Build(effective);
    }

    private sealed record Run(int MaxParallelism, double Seconds, double PickupSeconds, IReadOnlyList<string> Timeline);

    private static async Task<List<Run>> MeasureAsync(double timeScale, int runs, int maxParallelism)
    {
        await using var database = await BenchDatabase.CreateAsync("makespan");
        var clock = new TransitionClock();
        await using var host = await BenchHost.StartAsync(
            database,
            new Dictionary<string, string?>
            {
                ["Kund:Sandbox:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
                ["Kund:Sandbox:VpcLimitPerRegion"] = "100",
                ["Kund:Sandbox:AddressLimitPerRegion"] = "100",
                ["Kund:Provisioning:MaxParallelism"] = maxParallelism.ToString(CultureInfo.InvariantCulture),
            },
            services => services.AddSingleton<IProvisioningProbe>(clock));

        // One run first, not counted: it pays for JIT compilation and cold pools, which a running Kund has behind it.
        var results = new List<Run>();
        for (var i = -1; i < runs; i++)
        {
            var submitted = await Support.Environments.SubmitAsync(host, Support.Environments.Payments($"makespan-p{maxParallelism}-{i + 1}", "team-a"));
            clock.Clear();
            var start = Stopwatch.GetTimestamp();
            await Support.Environments.ApproveAsync(host, submitted.Id);
            await Support.Environments.WaitForAsync(host, submitted.Id, EnvironmentStatus.Ready, TimeSpan.FromSeconds(30 + (20_000 / timeScale)), TimeSpan.FromMilliseconds(10));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var seen = clock.Seen.Where(t => t.EnvironmentId == submitted.Id).ToList();
            var pickup = seen.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, seen.Min(t => t.Timestamp)).TotalSeconds;
            var timeline = seen.Select(t => $"{Stopwatch.GetElapsedTime(start, t.Timestamp).TotalSeconds,7:F3}  {t.Transition.Key} → {t.Transition.State}{(t.Transition.Attempt > 1 ? $" (attempt {t.Transition.Attempt})" : "")}").ToList();
            if (i >= 0)
            {
                results.Add(new Run(maxParallelism, seconds, pickup, timeline));
            }
        }

        return results;
    }
}
