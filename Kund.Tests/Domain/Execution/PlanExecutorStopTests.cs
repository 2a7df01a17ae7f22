using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Tests.Domain.Planning;
using Microsoft.Extensions.Time.Testing;
using static Kund.Tests.Domain.Execution.ExecutionHarness;

namespace Kund.Tests.Domain.Execution;

/// <summary>A run asked to stop: no node starts after the stop, the nodes in progress finish and are recorded.</summary>
public class PlanExecutorStopTests
{
    private static readonly ResourceGraph Seed = ResourceGraphBuilder.Build(TestSpecs.Seed());

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingObserver _observer = new();

    [Fact]
    public void RunAsync_StopAskedMidRun_NothingStartsAfterItAndNodesInProgressFinish()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var stopAt = _time.GetUtcNow() + TimeSpan.FromSeconds(10);
        var asked = new List<(string Key, DateTimeOffset At)>();
        var request = Request(Seed, cloud, _observer) with
        {
            MayStartAsync = (key, _) =>
            {
                var now = _time.GetUtcNow();
                asked.Add((key, now));
                return ValueTask.FromResult(now < stopAt);
            },
        };

        var result = RunOnFakeClock(_time, request);

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Failures);
        Assert.All(cloud.Snapshot(), call => Assert.True(result.Nodes[call.Key].StartedAt < stopAt, $"{call.Key} {call.Operation} at {call.StartedAt} belongs to a node started after the stop"));
        Assert.All(result.Nodes.Values.Where(n => n.StartedAt is not null), n => Assert.True(n.StartedAt < stopAt, $"{n.Key} started at {n.StartedAt}"));

        // The cluster started at 4 s and was waited for to its end: recorded as created, not abandoned.
        Assert.Equal(ResourceState.Created, result.Nodes["eks"].State);
        Assert.True(result.Nodes["eks"].FinishedAt > stopAt);

        // The first node asked after the stop was refused, and nothing after it was asked or started.
        var refused = asked.First(a => a.At >= stopAt);
        Assert.Null(result.Nodes[refused.Key].StartedAt);
        Assert.Empty(cloud.CallsOf(refused.Key));
        var neverStarted = result.Nodes.Values.Where(n => n.StartedAt is null).ToList();
        Assert.NotEmpty(neverStarted);
        Assert.All(neverStarted, n => Assert.Equal((ResourceState.Pending, (CloudResource?)null), (n.State, n.Resource)));
        Assert.All(neverStarted, n => Assert.Empty(_observer.Of(n.Key)));
    }

    [Fact]
    public void RunAsync_StopAskedBeforeTheRun_StartsNothing()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var request = Request(Seed, cloud, _observer) with { MayStartAsync = (_, _) => ValueTask.FromResult(false) };

        var result = RunOnFakeClock(_time, request);

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.Empty(cloud.Snapshot());
        Assert.All(result.Nodes.Values, n => Assert.Equal(ResourceState.Pending, n.State));
    }

    [Fact]
    public void RunAsync_NeverAskedToStop_Succeeds()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var request = Request(Seed, cloud, _observer) with { MayStartAsync = (_, _) => ValueTask.FromResult(true) };

        var result = RunOnFakeClock(_time, request);

        Assert.Equal(ExecutionOutcome.Succeeded, result.Outcome);
    }
}
