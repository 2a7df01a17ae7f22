using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Tests.Domain.Planning;
using Microsoft.Extensions.Time.Testing;
using static Kund.Tests.Domain.Execution.ExecutionHarness;

namespace Kund.Tests.Domain.Execution;

public class PlanExecutorTests
{
    private static readonly ResourceGraph Seed = ResourceGraphBuilder.Build(TestSpecs.Seed());

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingObserver _observer = new();

    [Fact]
    public void RunAsync_Seed_CreatesEverythingInTheCriticalPathTime()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);

        var result = RunOnFakeClock(_time, Request(Seed, cloud, _observer));

        Assert.True(result.Succeeded);
        Assert.Equal(13, result.Outputs.Count);
        Assert.Equal(TimeSpan.FromSeconds(604), result.Duration);
        Assert.Equal(new Planner().PlanCreate(Seed, []).EstimatedMakespan, result.Duration);

        // The NAT gateway (after vpc 2 s + igw 3 s) and the cluster (after vpc + subnet) wait side by side.
        var start = result.StartedAt;
        Assert.Equal(TimeSpan.FromSeconds(5), cloud.CallsOf("nat/ap-northeast-2a").Single(c => c.Operation == FakeCloud.Wait).StartedAt - start);
        Assert.Equal(TimeSpan.FromSeconds(4), cloud.CallsOf("eks").Single(c => c.Operation == FakeCloud.Wait).StartedAt - start);
    }

    [Fact]
    public void RunAsync_Seed_DriversGetTheOutputsOfTheirDependencies()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);

        var result = RunOnFakeClock(_time, Request(Seed, cloud, _observer));

        var cluster = cloud.Contexts["eks"];
        Assert.Equal(["role", "role/policy", "subnet/private-a", "subnet/private-b"], cluster.Dependencies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(result.Outputs["subnet/private-a"], cluster.Dependency("subnet/private-a"));
        Assert.Same(ExecutionHarness.Environment, cluster.Environment);
        Assert.IsType<EksClusterDesired>(cluster.Node.Desired);
    }

    [Fact]
    public void RunAsync_Create_ReportsTheCloudIdBeforeWaitingThenCreated()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);

        RunOnFakeClock(_time, Request(Seed, cloud, _observer));

        var nat = _observer.Of("nat/ap-northeast-2a");
        Assert.Equal([ResourceState.Creating, ResourceState.Creating, ResourceState.Created], nat.Select(t => t.State));
        Assert.Null(nat[0].Resource);
        Assert.Equal(nat[2].Resource!.CloudId, nat[1].Resource!.CloudId);
        var wait = cloud.CallsOf("nat/ap-northeast-2a").Single(c => c.Operation == FakeCloud.Wait);
        Assert.True(nat[1].At <= wait.StartedAt, "the id was reported only after the wait");
        Assert.Equal(TimeSpan.FromSeconds(90), nat[2].At - nat[1].At);
    }

    [Fact]
    public void RunAsync_ResourceAlreadyInTheCloud_IsAdoptedNotCreated()
    {
        var cloud = new FakeCloud(_time);
        cloud.Existing["vpc"] = new CloudResource("vpc-0ld");

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer));

        Assert.Equal("vpc-0ld", result.Outputs["vpc"].CloudId);
        Assert.DoesNotContain(cloud.CallsOf("vpc"), c => c.Operation == FakeCloud.Create);
        Assert.Contains(_observer.Of("vpc"), t => t.Message.Contains("adopting", StringComparison.Ordinal));
    }

    [Fact]
    public void RunAsync_Throttled_RetriesWithBackoffThenSucceeds()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 2 ? Throttled() : null,
        };

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer, options: ExactRetries()));

        Assert.True(result.Succeeded);
        Assert.Equal(3, cloud.CallsOf("vpc").Count(c => c.Operation == FakeCloud.Create));
        Assert.Equal(TimeSpan.FromSeconds(1 + 2), result.Duration);
        Assert.Equal(4, result.Nodes["vpc"].Attempts);
        var retries = _observer.Of("vpc").Where(t => t.Message.StartsWith("RequestLimitExceeded", StringComparison.Ordinal)).ToList();
        Assert.Equal([2, 3], retries.Select(t => t.Attempt));
        Assert.Equal(3, _observer.Of("vpc").Last().Attempt);
    }

    [Fact]
    public void RunAsync_RetriesWithJitter_StayWithinTheExponentialBound()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 5 ? Throttled() : null,
        };

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer), TimeSpan.FromMilliseconds(10));

        Assert.True(result.Succeeded);
        var starts = cloud.CallsOf("vpc").Where(c => c.Operation == FakeCloud.Create).Select(c => c.StartedAt).ToList();
        for (var retry = 0; retry < 5; retry++)
        {
            Assert.InRange(starts[retry + 1] - starts[retry], TimeSpan.Zero, TimeSpan.FromSeconds(Math.Pow(2, retry)) + TimeSpan.FromMilliseconds(10));
        }
    }

    [Fact]
    public void RunAsync_PermanentError_FailsTheNodeWithTheCloudsMessage()
    {
        const string message = "Cluster already exists with name: payments-dev";
        var cloud = new FakeCloud(_time)
        {
            Fault = (key, operation, _) => key == "eks" && operation == FakeCloud.Create
                ? new CloudOperationException(CloudErrorKind.Permanent, "ResourceInUseException", message)
                : null,
        };

        var result = RunOnFakeClock(_time, Request(Seed, cloud, _observer));

        Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
        Assert.Equal([new NodeFailure("eks", "ResourceInUseException", message)], result.Failures);
        var failed = _observer.Of("eks").Last();
        Assert.Equal((ResourceState.Failed, message), (failed.State, failed.Error));
        Assert.Single(cloud.CallsOf("eks"), c => c.Operation == FakeCloud.Create);
        Assert.Equal(12, result.Nodes.Values.Count(n => n.State == ResourceState.Created));
    }

    [Fact]
    public void RunAsync_NotYetConsistent_RetriedWithinTheWindowThenSucceeds()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, call) => operation == FakeCloud.Create && call <= 3 ? RoleNotAssumable() : null,
        };

        var result = RunOnFakeClock(_time, Request(Single("eks", ResourceKind.EksCluster), cloud, _observer, options: ExactRetries()));

        Assert.True(result.Succeeded);
        Assert.Equal(4, cloud.CallsOf("eks").Count(c => c.Operation == FakeCloud.Create));
    }

    [Fact]
    public void RunAsync_NotYetConsistentPastItsWindow_FailsWithTheCloudsMessage()
    {
        var cloud = new FakeCloud(_time)
        {
            Fault = (_, operation, _) => operation == FakeCloud.Create ? RoleNotAssumable() : null,
        };

        var result = RunOnFakeClock(_time, Request(Single("eks", ResourceKind.EksCluster), cloud, _observer, options: ExactRetries()), TimeSpan.FromMilliseconds(10));

        // The consistency schedule, 1 s × 1.5^n capped at 30 s: tries at 0, 1, 2.5, 4.75, 8.1, 13.2, 20.8, 32.2,
        // 49.3, 74.9 and 104.9 s; one more would start after 120 s.
        var creates = cloud.CallsOf("eks").Where(c => c.Operation == FakeCloud.Create).ToList();
        Assert.Equal(11, creates.Count);
        Assert.InRange(creates[^1].StartedAt - result.StartedAt, TimeSpan.FromSeconds(104.88), TimeSpan.FromSeconds(104.95));
        Assert.Equal([new NodeFailure("eks", "InvalidParameterException", RoleNotAssumable().Message)], result.Failures);
    }

    [Fact]
    public void RunAsync_RetryableErrorPastTheNodeDeadline_Fails()
    {
        var cloud = new FakeCloud(_time) { Fault = (_, operation, _) => operation == FakeCloud.Create ? Throttled() : null };
        var options = ExactRetries() with { Retry = RetryPolicy.Default with { Jitter = false, NodeDeadline = TimeSpan.FromSeconds(10) } };

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer, options: options));

        Assert.Equal("RequestLimitExceeded", Assert.Single(result.Failures).Code);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Duration);
    }

    [Fact]
    public void RunAsync_DriverCallOutlivesTheNodeDeadline_FailsTheNodeAndSparesTheRest()
    {
        var graph = Graph(("stuck", ResourceKind.EksCluster, []), ("after", ResourceKind.IamRole, ["stuck"]), ("other", ResourceKind.Vpc, []));
        var cloud = new FakeCloud(_time);
        cloud.Durations["stuck"] = TimeSpan.FromHours(2);
        cloud.Durations["other"] = TimeSpan.FromMinutes(5);

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer), TimeSpan.FromMinutes(1));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(("stuck", "DeadlineExceeded"), (failure.Key, failure.Code));
        Assert.Equal(TimeSpan.FromMinutes(30), result.Duration);
        Assert.True(cloud.CallsOf("stuck").Single(c => c.Operation == FakeCloud.Wait).Cancelled);
        Assert.Equal(ResourceState.Failed, _observer.Of("stuck").Last().State);
        Assert.Empty(cloud.CallsOf("after"));
        Assert.Equal(ResourceState.Created, result.Nodes["other"].State);
    }

    [Fact]
    public async Task RunAsync_ObserverThrows_StopsTheRunAndSurfacesTheException()
    {
        var lost = new InvalidOperationException("The lease was lost.");
        var observer = new RecordingObserver { ThrowWhen = t => t is { Key: "vpc", State: ResourceState.Created } ? lost : null };
        var cloud = new FakeCloud(TimeProvider.System);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new PlanExecutor(TimeProvider.System).RunAsync(Request(Seed, cloud, observer), CancellationToken.None));

        Assert.Same(lost, thrown);
        Assert.All(Seed.DescendantsOf("vpc"), key => Assert.Empty(cloud.CallsOf(key)));
        Assert.Equal(observer.Transitions.FindIndex(t => t is { Key: "vpc", State: ResourceState.Created }), observer.Transitions.Count - 1);
    }

    [Fact]
    public void RunAsync_ObserverThrows_CancelsWorkInFlight()
    {
        var graph = Graph(("slow", ResourceKind.NatGateway, []), ("fast", ResourceKind.Vpc, []), ("after", ResourceKind.Subnet, ["fast"]));
        var cloud = new FakeCloud(_time);
        cloud.Durations["slow"] = TimeSpan.FromSeconds(100);
        cloud.Durations["fast"] = TimeSpan.FromSeconds(1);
        var lost = new InvalidOperationException("The lease was lost.");
        var observer = new RecordingObserver { ThrowWhen = t => t is { Key: "fast", State: ResourceState.Created } ? lost : null };

        var thrown = Assert.Throws<InvalidOperationException>(() => RunOnFakeClock(_time, Request(graph, cloud, observer)));

        Assert.Same(lost, thrown);
        Assert.True(cloud.CallsOf("slow").Single(c => c.Operation == FakeCloud.Wait).Cancelled);
        Assert.Empty(cloud.CallsOf("after"));
        Assert.InRange(_time.GetUtcNow() - cloud.CallsOf("fast").First().StartedAt, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void RunAsync_Cancelled_CancelsInFlightCallsAndStartsNothingMore()
    {
        var graph = Graph(("slow", ResourceKind.NatGateway, []), ("after", ResourceKind.RouteTable, ["slow"]));
        var cloud = new FakeCloud(_time);
        cloud.Durations["slow"] = TimeSpan.FromSeconds(100);
        using var cancellation = new CancellationTokenSource();
        using var timer = _time.CreateTimer(_ => cancellation.Cancel(), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        Assert.ThrowsAny<OperationCanceledException>(() => RunOnFakeClock(_time, Request(graph, cloud, _observer), cancellationToken: cancellation.Token));

        Assert.True(cloud.CallsOf("slow").Single(c => c.Operation == FakeCloud.Wait).Cancelled);
        Assert.Empty(cloud.CallsOf("after"));
        Assert.Equal(TimeSpan.FromSeconds(10), _time.GetUtcNow() - cloud.CallsOf("slow").First().StartedAt);
    }

    [Fact]
    public void RunAsync_RecordedCreatingWithResource_OnlyWaitsUntilReady()
    {
        var cloud = new FakeCloud(_time);
        RecordedResource[] recorded = [new("vpc", ResourceState.Creating, new CloudResource("vpc-0in"))];

        var result = RunOnFakeClock(_time, Request(Single("vpc", ResourceKind.Vpc), cloud, _observer, recorded: recorded));

        Assert.Equal([FakeCloud.Wait], cloud.CallsOf("vpc").Select(c => c.Operation));
        Assert.Equal("vpc-0in", result.Outputs["vpc"].CloudId);
    }

    [Fact]
    public void RunAsync_RecordedFailedOrPending_RunsThemAgain()
    {
        var cloud = new FakeCloud(_time);
        var graph = Graph(("vpc", ResourceKind.Vpc, []), ("subnet", ResourceKind.Subnet, ["vpc"]));
        RecordedResource[] recorded = [new("vpc", ResourceState.Failed, null), new("subnet", ResourceState.Pending, null)];

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, recorded: recorded));

        Assert.True(result.Succeeded);
        Assert.Contains(cloud.CallsOf("vpc"), c => c.Operation == FakeCloud.Create);
        Assert.Contains(cloud.CallsOf("subnet"), c => c.Operation == FakeCloud.Create);
    }

    [Fact]
    public void RunAsync_Destroy_DeletesRecordedFindsUnrecordedAndSkipsWhatIsGone()
    {
        var graph = Graph(("vpc", ResourceKind.Vpc, []), ("subnet", ResourceKind.Subnet, ["vpc"]), ("igw", ResourceKind.InternetGateway, ["vpc"]), ("gone", ResourceKind.ElasticIp, []));
        var cloud = new FakeCloud(_time);
        cloud.Existing["vpc"] = new CloudResource("vpc-1");
        cloud.Existing["subnet"] = new CloudResource("subnet-1");
        cloud.Existing["igw"] = new CloudResource("igw-1");
        RecordedResource[] recorded =
        [
            new("vpc", ResourceState.Created, new CloudResource("vpc-1")),
            new("subnet", ResourceState.Created, new CloudResource("subnet-1")),
            new("igw", ResourceState.Creating, null),
        ];

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, ExecutionMode.Destroy, recorded));

        Assert.True(result.Succeeded);
        Assert.Empty(cloud.Existing);
        Assert.Equal([FakeCloud.Find, FakeCloud.Delete], cloud.CallsOf("igw").Select(c => c.Operation));
        Assert.Equal([FakeCloud.Find], cloud.CallsOf("gone").Select(c => c.Operation));
        Assert.Equal([FakeCloud.Delete], cloud.CallsOf("subnet").Select(c => c.Operation));
        Assert.All(result.Nodes.Values, n => Assert.Equal(ResourceState.Deleted, n.State));
        Assert.Equal([ResourceState.Deleting, ResourceState.Deleted], _observer.Of("igw").Select(t => t.State));
        Assert.Equal("vpc-1", cloud.Contexts["igw"].Dependency("vpc").CloudId);
        var vpcDelete = cloud.CallsOf("vpc").Single();
        Assert.True(cloud.CallsOf("subnet").Single().EndSeq < vpcDelete.StartSeq);
        Assert.True(cloud.CallsOf("igw").Last().EndSeq < vpcDelete.StartSeq);
    }

    [Fact]
    public void RunAsync_DestroySeed_DeletesTheNatBeforeReleasingItsAddressAndTheVpcLast()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var recorded = Seed.Keys.Select(k => new RecordedResource(k, ResourceState.Created, new CloudResource($"id-{k}"))).ToList();

        var result = RunOnFakeClock(_time, Request(Seed, cloud, _observer, ExecutionMode.Destroy, recorded));

        Assert.True(result.Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(484), result.Duration);
        var deletes = cloud.Snapshot().ToDictionary(c => c.Key);
        Assert.True(deletes["nat/ap-northeast-2a"].EndSeq < deletes["eip/ap-northeast-2a"].StartSeq);
        Assert.True(deletes["role/policy"].EndSeq < deletes["role"].StartSeq);
        Assert.Equal("vpc", cloud.Snapshot().MaxBy(c => c.StartSeq)!.Key);
    }

    [Fact]
    public void RunAsync_DestroyOrdering_NatGatewayDeletedBesideTheRouteTableThatRoutesThroughIt()
    {
        var cloud = new FakeCloud(_time, LatencyModel.Default);
        var recorded = Seed.Keys.Select(k => new RecordedResource(k, ResourceState.Created, new CloudResource($"id-{k}"))).ToList();

        var result = RunOnFakeClock(_time, Request(DestroyGraph.Ordering(Seed), cloud, _observer, ExecutionMode.Destroy, recorded));

        Assert.True(result.Succeeded);
        var deletes = cloud.Snapshot().ToDictionary(c => c.Key);
        Assert.True(deletes["nat/ap-northeast-2a"].StartSeq < deletes["rtb/private"].EndSeq, "the NAT gateway's delete waited for the private route table's");
        Assert.True(deletes["nat/ap-northeast-2a"].EndSeq < deletes["eip/ap-northeast-2a"].StartSeq);
        Assert.True(deletes["rtb/private"].EndSeq < deletes["subnet/private-a"].StartSeq);
        Assert.Equal("vpc", cloud.Snapshot().MaxBy(c => c.StartSeq)!.Key);
    }

    [Fact]
    public void RunAsync_DestroyFailure_LeavesWhatStillDependsOnItAlone()
    {
        var graph = Graph(("vpc", ResourceKind.Vpc, []), ("subnet", ResourceKind.Subnet, ["vpc"]), ("eip", ResourceKind.ElasticIp, []));
        var cloud = new FakeCloud(_time)
        {
            Fault = (key, _, _) => key == "subnet"
                ? new CloudOperationException(CloudErrorKind.Permanent, "DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted.")
                : null,
        };
        var recorded = graph.Keys.Select(k => new RecordedResource(k, ResourceState.Created, new CloudResource($"{k}-1"))).ToList();

        var result = RunOnFakeClock(_time, Request(graph, cloud, _observer, ExecutionMode.Destroy, recorded));

        Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
        Assert.Empty(cloud.CallsOf("vpc"));
        Assert.Equal(ResourceState.Created, result.Nodes["vpc"].State);
        Assert.Equal(ResourceState.Deleted, result.Nodes["eip"].State);
        Assert.Equal("DependencyViolation", Assert.Single(result.Failures).Code);
    }

    [Fact]
    public async Task RunAsync_TenThousandNodesWithInstantDrivers_Finishes()
    {
        var nodes = Enumerable.Range(0, 10_000).Select(i => new ResourceNode(
            $"n{i}",
            ResourceKind.Subnet,
            i == 0 ? [] : [$"n{(i - 1) / 4}", $"n{i / 2}"],
            new ElasticIpDesired("test-1a")));
        var graph = new ResourceGraph(nodes);
        var cloud = new FakeCloud(TimeProvider.System);

        var result = await new PlanExecutor(TimeProvider.System).RunAsync(
            Request(graph, cloud, new RecordingObserver(), options: new ExecutionOptions { MaxParallelism = 64 }),
            CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(10_000, result.Outputs.Count);
    }

    [Fact]
    public async Task RunAsync_MaxParallelismBelowOne_Throws()
    {
        var request = Request(Seed, new FakeCloud(_time), _observer, options: new ExecutionOptions { MaxParallelism = 0 });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new PlanExecutor(_time).RunAsync(request, CancellationToken.None));
    }

    internal static CloudOperationException RoleNotAssumable() =>
        new(CloudErrorKind.NotYetConsistent, "InvalidParameterException", "Role with arn: arn:aws:iam::123456789012:role/payments-dev-eks-cluster, could not be assumed because it does not exist or the trusted entity is not correct", retryWindow: TimeSpan.FromMinutes(2));

    internal static ResourceGraph Single(string key, ResourceKind kind) => Graph((key, kind, []));

    internal static ResourceGraph Graph(params (string Key, ResourceKind Kind, string[] DependsOn)[] nodes) =>
        new(nodes.Select(n => new ResourceNode(n.Key, n.Kind, n.DependsOn, new ElasticIpDesired("test-1a"))));
}
