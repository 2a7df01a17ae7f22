using CsCheck;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Microsoft.Extensions.Time.Testing;
using static Kund.Tests.Domain.Execution.ExecutionHarness;

namespace Kund.Tests.Domain.Execution;

public class PlanExecutorPropertyTests
{
    private const int Iterations = 100;

    [Fact]
    public void RunAsync_RandomDags_NoNodeStartsBeforeItsDependenciesFinished()
    {
        Gen.Select(RandomDag.Gen, Gen.Int[1, 8]).Sample(
            (dag, maxParallelism) =>
            {
                var (result, cloud, observer) = Run(dag, new ExecutionOptions { MaxParallelism = maxParallelism });

                Assert.True(result.Succeeded);
                Assert.All(result.Nodes.Values, n => Assert.Equal(ResourceState.Created, n.State));
                var calls = cloud.Snapshot();
                var firstStart = calls.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Min(c => c.StartSeq));
                var lastEnd = calls.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Max(c => c.EndSeq));
                var transitions = observer.Transitions;
                foreach (var node in dag.Graph.Nodes)
                {
                    var firstReport = transitions.FindIndex(t => t.Key == node.Key);
                    foreach (var dependency in node.DependsOn)
                    {
                        Assert.True(lastEnd[dependency] < firstStart[node.Key], $"{node.Key} started before {dependency} finished");
                        var created = transitions.FindIndex(t => t.Key == dependency && t.State == ResourceState.Created);
                        Assert.True(created >= 0 && created < firstReport, $"{node.Key} reported before {dependency} was recorded Created");
                    }
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void RunAsync_RandomDags_ParallelismNeverExceedsTheBound()
    {
        Gen.Select(RandomDag.Gen, Gen.Int[1, 6]).Sample(
            (dag, maxParallelism) =>
            {
                var (result, cloud, observer) = Run(dag, new ExecutionOptions { MaxParallelism = maxParallelism });

                Assert.True(result.Succeeded);
                Assert.InRange(cloud.MaxConcurrentNodes, 1, maxParallelism);
                Assert.False(observer.Overlapped, "observer calls overlapped");
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void RunAsync_ParallelismAtLeastTheWidth_MakespanEqualsTheCriticalPath()
    {
        RandomDag.Gen.Sample(
            dag =>
            {
                var (result, _, _) = Run(dag, new ExecutionOptions { MaxParallelism = dag.Graph.Width });

                Assert.True(result.Succeeded);
                Assert.Equal(dag.CriticalPath(), result.Duration);
                Assert.Equal(new Planner(dag.Latency).PlanCreate(dag.Graph, []).EstimatedMakespan, result.Duration);
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void RunAsync_ParallelismOne_MakespanIsTheSumOfDurations()
    {
        RandomDag.Gen.Sample(
            dag =>
            {
                var (result, cloud, _) = Run(dag, new ExecutionOptions { MaxParallelism = 1 });

                Assert.Equal(1, cloud.MaxConcurrentNodes);
                Assert.Equal(dag.Graph.Nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + dag.DurationOf(n.Key)), result.Duration);
            },
            iter: 30,
            threads: 1);
    }

    [Fact]
    public void RunAsync_NodeFailsPermanently_DescendantsNeverStartAndTheRestFinishes()
    {
        Gen.Select(RandomDag.Gen, Gen.Int[0, 59], Gen.Int[1, 8], Gen.Bool).Sample(
            (dag, pick, maxParallelism, failWhileWaiting) =>
            {
                var failing = dag.Graph.Nodes[pick % dag.Graph.Count].Key;
                var descendants = dag.Graph.DescendantsOf(failing);
                var time = new FakeTimeProvider();
                var cloud = new FakeCloud(time, dag.Latency)
                {
                    Fault = (key, operation, _) =>
                        key == failing && operation == (failWhileWaiting ? FakeCloud.Wait : FakeCloud.Create)
                            ? new CloudOperationException(CloudErrorKind.Permanent, "InvalidParameterException", $"{key} is broken.")
                            : null,
                };

                var result = RunOnFakeClock(time, Request(dag.Graph, cloud, new RecordingObserver(), options: new() { MaxParallelism = maxParallelism }));

                Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
                Assert.Equal([new NodeFailure(failing, "InvalidParameterException", $"{failing} is broken.")], result.Failures);
                Assert.Equal(ResourceState.Failed, result.Nodes[failing].State);
                foreach (var node in dag.Graph.Nodes.Where(n => n.Key != failing))
                {
                    if (descendants.Contains(node.Key))
                    {
                        Assert.Empty(cloud.CallsOf(node.Key));
                        Assert.Equal(ResourceState.Pending, result.Nodes[node.Key].State);
                    }
                    else
                    {
                        Assert.Equal(ResourceState.Created, result.Nodes[node.Key].State);
                    }
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void RunAsync_ResumedWithADependencyClosedSubsetCreated_CallsNoDriverForThem()
    {
        Gen.Select(RandomDag.Gen, Gen.Bool.Array[60]).Sample(
            (dag, chosen) =>
            {
                var created = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < dag.Graph.Count; i++)
                {
                    var node = dag.Graph.Nodes[i];
                    if (chosen[i] && node.DependsOn.All(created.Contains))
                    {
                        created.Add(node.Key);
                    }
                }

                var recorded = created.Select(key => new RecordedResource(key, ResourceState.Created, new CloudResource($"rec-{key}"))).ToList();
                var time = new FakeTimeProvider();
                var cloud = new FakeCloud(time, dag.Latency);

                var result = RunOnFakeClock(time, Request(dag.Graph, cloud, new RecordingObserver(), recorded: recorded));

                Assert.True(result.Succeeded);
                Assert.All(created, key => Assert.Empty(cloud.CallsOf(key)));
                Assert.All(dag.Graph.Keys.Where(k => !created.Contains(k)), key => Assert.Contains(cloud.CallsOf(key), c => c.Operation == FakeCloud.Create));
                Assert.All(created, key => Assert.Equal($"rec-{key}", result.Outputs[key].CloudId));
                foreach (var node in dag.Graph.Nodes.Where(n => !created.Contains(n.Key)))
                {
                    var dependencies = cloud.Contexts[node.Key].Dependencies;
                    Assert.Equal(node.DependsOn.Order(StringComparer.Ordinal), dependencies.Keys.Order(StringComparer.Ordinal));
                    Assert.All(node.DependsOn.Where(created.Contains), d => Assert.Equal($"rec-{d}", dependencies[d].CloudId));
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void RunAsync_DestroyRandomDags_DeletesDependentsFirstAndEverything()
    {
        Gen.Select(RandomDag.Gen, Gen.Int[1, 8]).Sample(
            (dag, maxParallelism) =>
            {
                var time = new FakeTimeProvider();
                var cloud = new FakeCloud(time, dag.Latency);
                var recorded = dag.Graph.Keys.Select(key => new RecordedResource(key, ResourceState.Created, new CloudResource($"id-{key}"))).ToList();
                foreach (var resource in recorded)
                {
                    cloud.Existing[resource.Key] = resource.Resource!;
                }

                var result = RunOnFakeClock(
                    time,
                    Request(dag.Graph, cloud, new RecordingObserver(), ExecutionMode.Destroy, recorded, new ExecutionOptions { MaxParallelism = maxParallelism }));

                Assert.True(result.Succeeded);
                Assert.Empty(cloud.Existing);
                Assert.All(result.Nodes.Values, n => Assert.Equal(ResourceState.Deleted, n.State));
                var deletes = cloud.Snapshot().Where(c => c.Operation == FakeCloud.Delete).ToDictionary(c => c.Key);
                foreach (var node in dag.Graph.Nodes)
                {
                    foreach (var dependency in node.DependsOn)
                    {
                        Assert.True(deletes[node.Key].EndSeq < deletes[dependency].StartSeq, $"{dependency} deleted before its dependent {node.Key}");
                    }
                }
            },
            iter: Iterations,
            threads: 1);
    }

    private static (ExecutionResult Result, FakeCloud Cloud, RecordingObserver Observer) Run(RandomDag dag, ExecutionOptions options)
    {
        var time = new FakeTimeProvider();
        var cloud = new FakeCloud(time, dag.Latency);
        var observer = new RecordingObserver();
        var result = RunOnFakeClock(time, Request(dag.Graph, cloud, observer, options: options));
        return (result, cloud, observer);
    }
}
