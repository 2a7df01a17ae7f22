using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// Cluster and role names are the account's, not the team's: an environment whose names someone else
/// already holds fails to provision (Kund never adopts what is not its own), and its destroy must still
/// finish, deleting everything of its own and nothing of the other owner's.
/// </summary>
public sealed class ForeignNamesDestroyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Destroy_AfterNamesCollidedWithAnotherEnvironment_FinishesAndLeavesTheirsAlone(bool roleTaken)
    {
        using var cloud = new SandboxCloudUnderTest();
        var bob = SeedEnvironment.Environment("b-ready");
        var bobNodes = SeedEnvironment.Nodes(bob, withCluster: true);
        var bobRun = await RunAsync(cloud, bob, bobNodes, ExecutionMode.Create, []);
        Assert.True(bobRun.Result.Succeeded);
        var bobRole = bobNodes.Select(n => n.Desired).OfType<IamRoleDesired>().Single().RoleName;
        var bobCluster = bobNodes.Select(n => n.Desired).OfType<EksClusterDesired>().Single().Name;

        var alice = SeedEnvironment.Environment("b-ready");
        var aliceNodes = SeedEnvironment.Nodes(alice, withCluster: true).Select(n => n.Desired switch
        {
            IamRoleDesired role when roleTaken => n with { Desired = role with { RoleName = bobRole } },
            IamRolePolicyAttachmentDesired attachment when roleTaken => n with { Desired = attachment with { RoleName = bobRole } },
            EksClusterDesired cluster => n with { Desired = cluster with { Name = bobCluster } },
            _ => n,
        }).ToList();
        var create = await RunAsync(cloud, alice, aliceNodes, ExecutionMode.Create, []);
        Assert.False(create.Result.Succeeded);
        Assert.Equal(roleTaken ? ResourceKeys.ClusterRole : ResourceKeys.Cluster, Assert.Single(create.Result.Failures).Key);

        var destroy = await RunAsync(cloud, alice, aliceNodes, ExecutionMode.Destroy, create.Recorded());

        Assert.True(destroy.Result.Succeeded, string.Join("; ", destroy.Result.Failures.Select(f => $"{f.Key}: {f.Message}")));
        Assert.Empty(await cloud.LeftoversAsync(alice, roleTaken ? [.. aliceNodes.Where(n => n.Kind != ResourceKind.IamRole)] : aliceNodes));
        Assert.Equal("ACTIVE", cloud.Cloud.DescribeCluster(SeedEnvironment.Region, bobCluster).StatusAt(cloud.Time.GetUtcNow(), cloud.Cloud.Timings));
        Assert.Equal(bob.Id.ToString("D"), cloud.Cloud.DescribeCluster(SeedEnvironment.Region, bobCluster).Tags["kund:environment"]);
        Assert.Contains(SeedEnvironment.PolicyArn, cloud.Cloud.ListAttachedRolePolicies(bobRole));
        Assert.Equal(bob.Id.ToString("D"), cloud.Cloud.GetRole(bobRole).Tags["kund:environment"]);
    }

    private static async Task<Run> RunAsync(SandboxCloudUnderTest cloud, EnvironmentRef environment, IReadOnlyList<ResourceNode> nodes, ExecutionMode mode, IReadOnlyCollection<RecordedResource> recorded)
    {
        var observer = new RecordingObserver();
        var request = new ExecutionRequest(new ResourceGraph(nodes), mode, environment, recorded, cloud.Drivers, observer);
        var result = await new PlanExecutor(cloud.Time).RunAsync(request, CancellationToken.None);
        return new Run(result, observer);
    }

    private sealed record Run(ExecutionResult Result, RecordingObserver Observer)
    {
        public IReadOnlyCollection<RecordedResource> Recorded() => [.. Observer.Latest.Values];
    }

    private sealed class RecordingObserver : IExecutionObserver
    {
        public Dictionary<string, RecordedResource> Latest { get; } = new(StringComparer.Ordinal);

        public ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken)
        {
            var resource = transition.Resource ?? Latest.GetValueOrDefault(transition.Key)?.Resource;
            Latest[transition.Key] = new RecordedResource(transition.Key, transition.State, resource);
            return ValueTask.CompletedTask;
        }
    }
}
