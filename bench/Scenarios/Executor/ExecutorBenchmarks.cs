using BenchmarkDotNet.Attributes;
using Kund.Domain.Execution;
using Kund.Domain.Planning;

namespace Kund.Bench.Scenarios.Executor;

/// <summary>Issue 8.5 under BenchmarkDotNet: one whole run of the executor over a random DAG with instant drivers.</summary>
[MemoryDiagnoser]
public class ExecutorBenchmarks
{
    private ResourceGraph _graph = default!;
    private readonly PlanExecutor _executor = new(TimeProvider.System, new Random(8));

    [Params(1_000, 10_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup() => _graph = SyntheticGraphs.Build(Nodes);

    [Benchmark]
    public async Task<ExecutionResult> RunGraph()
    {
        var result = await _executor.RunAsync(SyntheticGraphs.Request(_graph), CancellationToken.None);
        return result.Succeeded ? result : throw new InvalidOperationException("the synthetic graph did not succeed");
    }
}
