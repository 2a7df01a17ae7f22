using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Microsoft.Extensions.Time.Testing;
using static Kund.Tests.Domain.Execution.ExecutionHarness;
using static Kund.Tests.Domain.Execution.PlanExecutorTests;

namespace Kund.Tests.Domain.Execution;

/// <summary>Issue 19.1: consistency retried on its short schedule, the critical path first, transitions committed together.</summary>
public class ExecutionSchedulingTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingObserver _observer = new();

    [Fact]
    public void RunAsync_NotYetConsistent_RetriesOnTheShortScheduleNotThrottlingsDoubling()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 3 ? RoleNotAssumable() : null,
        };

        var result = RunOnFakeClock(_time, Request(Single("eks", ResourceKind.EksCluster), cloud, _observer, options: ExactRetries()), TimeSpan.FromMilliseconds(10));

        // 1 + 1.5 + 2.25 s, where throttling's 1 + 2 + 4 s would have taken 7.
        Assert.True(result.Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(4.75), result.Duration);
    }

    [Fact]
    public void RunAsync_NotYetConsistentUnderATimeScale_RetriesThatMuchSooner()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 3 ? RoleNotAssumable() : null,
        };
        var options = ExactRetries() with { Retry = RetryPolicy.Default with { Jitter = false, TimeScale = 60 } };

        var result = RunOnFakeClock(_time, Request(Single("eks", ResourceKind.EksCluster), cloud, _observer, options: options), TimeSpan.FromMilliseconds(1));

        Assert.True(result.Succeeded);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(4.75 / 60) - TimeSpan.FromMilliseconds(3), TimeSpan.FromSeconds(4.75 / 60) + TimeSpan.FromMilliseconds(3));
    }

    [Fact]
    public void RunAsync_ThrottledUnderATimeScale_KeepsItsRealTimeBackoff()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 2 ? Throttled() : null,
        };
        var options = ExactRetries() with { Retry = RetryPolicy.Default with { Jitter = false, TimeScale = 60 } };

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer, options: options), TimeSpan.FromMilliseconds(10));

        Assert.Equal(TimeSpan.FromSeconds(1 + 2), result.Duration);
    }

    [Fact]
    public void ConsistencyBackoff_WithJitter_StaysBetweenHalfTheBoundAndTheBound()
    {
        var policy = RetryPolicy.Default;
        for (var retry = 0; retry < 20; retry++)
        {
            var bound = Math.Min(Math.Pow(1.5, retry), 30);
            Assert.InRange(policy.ConsistencyBackoff(retry, 0).TotalSeconds, (bound / 2) - 1e-6, (bound / 2) + 1e-6);
            Assert.InRange(policy.ConsistencyBackoff(retry, 0.999_999).TotalSeconds, bound * 0.99, bound + 1e-6);
        }
    }

    [Fact]
    public void RunAsync_MoreReadyThanMayRun_StartsTheLongestRemainingPathFirst()
    {
        // Four instant side nodes come first in the graph's order; the role leads to a ten-minute cluster.
        var graph = Graph(
            ("side-a", ResourceKind.Subnet, []),
            ("side-b", ResourceKind.Subnet, []),
            ("side-c", ResourceKind.Subnet, []),
            ("side-d", ResourceKind.Subnet, []),
            ("role", ResourceKind.IamRole, []),
            ("eks", ResourceKind.EksCluster, ["role"]));
        var cloud = new FakeCloud(_time, LatencyModel.Default);

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, options: ExactRetries(maxParallelism: 1)));

        Assert.True(result.Succeeded);
        var creates = cloud.Snapshot().Where(c => c.Operation == FakeCloud.Create).Select(c => c.Key).ToList();
        Assert.Equal(["role", "eks"], creates.Take(2));
    }

    [Fact]
    public void RunAsync_Destroy_StartsTheLongestRemainingPathFirst()
    {
        // Destroying walks dependents first: the cluster (eight minutes) must go before the role can.
        var graph = Graph(
            ("side-a", ResourceKind.Subnet, []),
            ("side-b", ResourceKind.Subnet, []),
            ("role", ResourceKind.IamRole, []),
            ("eks", ResourceKind.EksCluster, ["role"]));
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var recorded = graph.Keys.Select(k => new RecordedResource(k, ResourceState.Created, new CloudResource($"id-{k}"))).ToList();
        foreach (var key in graph.Keys)
        {
            cloud.Existing[key] = new CloudResource($"id-{key}");
        }

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, ExecutionMode.Destroy, recorded, ExactRetries(maxParallelism: 1)));

        Assert.True(result.Succeeded);
        var deletes = cloud.Snapshot().Where(c => c.Operation == FakeCloud.Delete).Select(c => c.Key).ToList();
        Assert.Equal("eks", deletes[0]);
    }

    [Fact]
    public void RunAsync_OneAtATime_TheRouteTablesANodeGroupWaitsForGoFirst()
    {
        // The node group outranks the NAT gateway and route table by its own path, but its driver waits for
        // their routes: with one slot, taking it first would wait for routes that could never be made.
        var graph = ResourceGraphBuilder.Build(Kund.Tests.Domain.Planning.TestSpecs.Effective());
        var cloud = new FakeCloud(_time, LatencyModel.Default);

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, options: ExactRetries(maxParallelism: 1)));

        Assert.True(result.Succeeded);
        var creates = cloud.Snapshot().Where(c => c.Operation == FakeCloud.Create).Select(c => c.Key).ToList();
        Assert.True(creates.IndexOf("rtb/private") < creates.IndexOf("nodegroup/general"), string.Join(", ", creates));
        Assert.True(creates.IndexOf("role") < creates.IndexOf("igw"), "the cluster's path did not lead");
    }

    [Fact]
    public void RunAsync_SlowObserver_CommitsIndependentNodesTogetherWithoutOverlap()
    {
        var graph = Graph(
            ("a", ResourceKind.Subnet, []),
            ("b", ResourceKind.Subnet, []),
            ("c", ResourceKind.Subnet, []),
            ("d", ResourceKind.Subnet, []),
            ("e", ResourceKind.Subnet, []));
        var observer = new SlowBatchObserver(_time, TimeSpan.FromSeconds(1));

        var result = RunOnFakeClock(_time, Request(graph, new FakeCloud(_time), observer), TimeSpan.FromMilliseconds(100));

        Assert.True(result.Succeeded);
        Assert.False(observer.Overlapped, "observer calls overlapped");
        Assert.Equal(15, observer.Batches.Sum(b => b.Count));

        // One at a time, five nodes × three transitions would take 15 s of commits; together, a handful.
        Assert.True(observer.Batches.Max(b => b.Count) > 1, "no two transitions shared a commit");
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7));
        foreach (var key in graph.Keys)
        {
            var states = observer.Batches.SelectMany(b => b).Where(t => t.Key == key).Select(t => t.State);
            Assert.Equal([ResourceState.Creating, ResourceState.Creating, ResourceState.Created], states);
        }
    }

    /// <summary>Takes <c>latency</c> of the fake clock per commit, whatever it holds, and records what each held.</summary>
    private sealed class SlowBatchObserver(FakeTimeProvider time, TimeSpan latency) : IExecutionObserver
    {
        private int _inside;

        public List<IReadOnlyList<NodeTransition>> Batches { get; } = [];

        public bool Overlapped { get; private set; }

        public ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken) =>
            OnTransitionsAsync([transition], cancellationToken);

        public async ValueTask OnTransitionsAsync(IReadOnlyList<NodeTransition> transitions, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _inside) > 1)
            {
                Overlapped = true;
            }

            try
            {
                await Task.Delay(latency, time, cancellationToken);
                Batches.Add(transitions);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }
    }
}
