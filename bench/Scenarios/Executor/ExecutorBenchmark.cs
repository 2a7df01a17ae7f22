using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Kund.Bench.Support;
using Kund.Domain.Execution;

namespace Kund.Bench.Scenarios.Executor;

/// <summary>Issue 8.5: the executor's scheduling cost per node, and how it grows with the graph.</summary>
public static class ExecutorBenchmark
{
    public static async Task RunAsync(bool smoke)
    {
        Report.Section("Executor overhead (random DAG, seed 8, instant drivers, MaxParallelism 10)");
        if (smoke)
        {
            // BenchmarkDotNet takes minutes; the smoke run checks the harness with a stopwatch instead.
            var executor = new PlanExecutor(TimeProvider.System, new Random(8));
            foreach (var count in new[] { 200, 1_000 })
            {
                var graph = SyntheticGraphs.Build(count);
                var start = Stopwatch.GetTimestamp();
                var result = await executor.RunAsync(SyntheticGraphs.Request(graph), CancellationToken.None);
                Report.Require(result.Succeeded, $"the synthetic graph of {count} nodes did not succeed");
                Report.Line($"{count} nodes: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F1} ms (one cold run)");
            }

            return;
        }

        // In process: no generated project to build, which on this machine would cost more than the measurement.
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15))
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithOption(ConfigOptions.DisableLogFile, true)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "kund-bench-artifacts"));
        var summary = BenchmarkRunner.Run<ExecutorBenchmarks>(config);
        Report.Line("");
        Report.Line("| nodes | median per run | per node | allocated per run | per node |");
        Report.Line("|---|---|---|---|---|");
        var perNode = new List<(int Nodes, double Nanoseconds)>();
        foreach (var report in summary.Reports)
        {
            var nodes = (int)report.BenchmarkCase.Parameters["Nodes"];
            var median = report.ResultStatistics!.Median;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            perNode.Add((nodes, median / nodes));
            Report.Line($"| {nodes:N0} | {median / 1e6:F2} ms | {median / nodes / 1e3:F2} µs | {allocated / 1024.0 / 1024.0:F2} MiB | {allocated / (double)nodes:F0} B |");
        }

        if (perNode.Count == 2)
        {
            Report.Line("");
            Report.Line($"cost per node at 10,000 / at 1,000: **{perNode[1].Nanoseconds / perNode[0].Nanoseconds:F2}** (1.00 = linear)");
        }
    }
}
