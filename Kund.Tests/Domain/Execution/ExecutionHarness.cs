using CsCheck;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Domain.Execution;

/// <summary>A random DAG (node i depends only on lower-numbered nodes) with a random latency per kind.</summary>
internal sealed record RandomDag(ResourceGraph Graph, LatencyModel Latency)
{
    public override string ToString() =>
        $"{Graph.Count} nodes: " + string.Join("; ", Graph.Nodes.Select(n => $"{n.Key}({n.Kind},{Latency.CreateDuration(n.Kind).TotalSeconds}s)<-[{string.Join(",", n.DependsOn)}]"));

    /// <summary>Graphs of 1–60 nodes, sparse to dense, with whole-second durations of 0–10 s.</summary>
    public static Gen<RandomDag> Gen { get; } =
        CsCheck.Gen.Int[1, 60].SelectMany(count => CsCheck.Gen.Select(
            CsCheck.Gen.Enum<ResourceKind>().Array[count],
            CsCheck.Gen.Int[0, 99].Array[count * (count - 1) / 2],
            CsCheck.Gen.Int[0, 40],
            CsCheck.Gen.Int[0, 10].Array[Enum.GetValues<ResourceKind>().Length],
            (kinds, rolls, density, seconds) => Build(kinds, rolls, density, seconds)));

    public TimeSpan DurationOf(string key) => Latency.CreateDuration(Graph[key].Kind);

    /// <summary>The critical path computed naively, independent of the planner.</summary>
    public TimeSpan CriticalPath()
    {
        var finish = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var node in Graph.Nodes)
        {
            finish[node.Key] = DurationOf(node.Key) + node.DependsOn.Select(d => finish[d]).DefaultIfEmpty(TimeSpan.Zero).Max();
        }

        return finish.Values.Max();
    }

    private static RandomDag Build(ResourceKind[] kinds, int[] rolls, int density, int[] seconds)
    {
        var nodes = new List<ResourceNode>(kinds.Length);
        var roll = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            var dependsOn = new List<string>();
            for (var j = 0; j < i; j++)
            {
                if (rolls[roll++] < density)
                {
                    dependsOn.Add(Key(j));
                }
            }

            nodes.Add(new ResourceNode(Key(i), kinds[i], dependsOn, new ElasticIpDesired("test-1a")));
        }

        var latency = new LatencyModel(Enum.GetValues<ResourceKind>().ToDictionary(
            k => k,
            k => new KindLatency(TimeSpan.FromSeconds(seconds[(int)k]), TimeSpan.FromSeconds(seconds[(int)k]))));
        return new RandomDag(new ResourceGraph(nodes), latency);
    }

    private static string Key(int index) => $"n{index:00}";
}

internal static class ExecutionHarness
{
    public static EnvironmentRef Environment { get; } =
        new(Guid.Parse("6f1c2a54-8a8e-4c7b-9d43-0c7d7f3b2a11"), "payments-dev", "ap-northeast-2", new Dictionary<string, string> { ["cost-center"] = "1234" });

    public static ExecutionRequest Request(
        ResourceGraph graph,
        FakeCloud cloud,
        IExecutionObserver observer,
        ExecutionMode mode = ExecutionMode.Create,
        IReadOnlyCollection<RecordedResource>? recorded = null,
        ExecutionOptions? options = null) =>
        new(graph, mode, Environment, recorded ?? [], cloud, observer) { Options = options ?? ExecutionOptions.Default };

    /// <summary>Runs the request to the end on the fake clock, one step at a time (see <see cref="FakeClockPump"/>).</summary>
    public static ExecutionResult RunOnFakeClock(FakeTimeProvider time, ExecutionRequest request, TimeSpan? step = null, CancellationToken cancellationToken = default) =>
        FakeClockPump.Run(time, step ?? TimeSpan.FromSeconds(1), () => new PlanExecutor(time, new Random(42)).RunAsync(request, cancellationToken));

    /// <summary>No jitter, so retry times are exact.</summary>
    public static ExecutionOptions ExactRetries(int maxParallelism = 10) =>
        new() { MaxParallelism = maxParallelism, Retry = RetryPolicy.Default with { Jitter = false } };

    public static CloudOperationException Throttled() => new(CloudErrorKind.Throttled, "RequestLimitExceeded", "Request limit exceeded.");
}
