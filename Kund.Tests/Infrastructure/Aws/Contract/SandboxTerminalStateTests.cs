using System.Net;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// The waiters stop at the first state AWS's own waiters treat as final, with EKS's health issue in the
/// error; the sandbox is told through its faults to end a cluster, node group or add-on there. A waiter
/// that kept polling would never return, so each wait is bounded by the test.
/// </summary>
public sealed class SandboxTerminalStateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClusterWait_Failed_StopsWithAwsHealthIssue()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SandboxEksWorkloadContractTests.Nodes(environment, principal: null);
        var runner = new NodeRunner(cloud, environment);
        var clusterNode = nodes.Single(n => n.Key == ResourceKeys.Cluster);
        foreach (var node in nodes.Where(n => n.Kind is not (ResourceKind.EksCluster or ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry)))
        {
            await runner.CreateAsync(node);
        }

        cloud.Cloud.Faults.Set("CreateCluster", new OperationFault(1, "Ec2SubnetNotFound", HttpStatusCode.OK, "The subnet subnet-0bad was deleted while the cluster was being created.", EndState: "FAILED"));

        // The runner retries the new role EKS cannot assume yet; FAILED is permanent and ends it.
        var error = await Assert.ThrowsAsync<CloudOperationException>(() => runner.CreateAsync(clusterNode).WaitAsync(Bound));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("Ec2SubnetNotFound", error.Code);
        Assert.Contains("The subnet subnet-0bad was deleted while the cluster was being created.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// PENDING is no final state: AWS's ClusterActive waiter stops only at ACTIVE (success) or FAILED and
    /// DELETING (failure), so a cluster that first answers PENDING is waited for until it is ACTIVE.
    /// </summary>
    [Fact]
    public async Task ClusterWait_PendingBeforeCreating_KeepsPollingUntilActive()
    {
        using var cloud = new SandboxCloudUnderTest(configure: o => o.ClusterPendingPhase = TimeSpan.FromMinutes(5));
        var (runner, clusterNode) = await UpToClusterAsync(cloud);
        var driver = cloud.Drivers.For(ResourceKind.EksCluster);

        var made = await runner.RetryAsync(() => driver.CreateAsync(runner.Context(clusterNode), CancellationToken.None));
        var ready = await driver.WaitUntilReadyAsync(runner.Context(clusterNode), made, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("PENDING", made.Attributes["status"]);
        Assert.Equal("ACTIVE", ready.Attributes["status"]);
        Assert.StartsWith("https://", ready.Attributes["endpoint"], StringComparison.Ordinal);
        Assert.True(cloud.Cloud.Calls.Calls("DescribeCluster") >= 2, "the waiter polled past the PENDING answer");
    }

    [Fact]
    public async Task ClusterWait_PendingThenFailed_StopsWithAwsHealthIssue()
    {
        using var cloud = new SandboxCloudUnderTest(configure: o => o.ClusterPendingPhase = TimeSpan.FromMinutes(5));
        var (runner, clusterNode) = await UpToClusterAsync(cloud);
        var driver = cloud.Drivers.For(ResourceKind.EksCluster);
        const string message = "The cluster's service role lost its permissions while the cluster was being created.";
        cloud.Cloud.Faults.Set("CreateCluster", new OperationFault(1, "InsufficientPermissions", HttpStatusCode.OK, message, EndState: "FAILED"));

        var made = await runner.RetryAsync(() => driver.CreateAsync(runner.Context(clusterNode), CancellationToken.None));
        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => driver.WaitUntilReadyAsync(runner.Context(clusterNode), made, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal("PENDING", made.Attributes["status"]);
        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("InsufficientPermissions", error.Code);
        Assert.Contains("status FAILED", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE_FAILED", "AsgInstanceLaunchFailures")]
    [InlineData("DEGRADED", "InsufficientFreeAddresses")]
    public async Task NodeGroupWait_FinalFailureState_StopsWithAwsHealthIssue(string state, string code)
    {
        using var cloud = new SandboxCloudUnderTest();
        var (runner, nodegroupNode) = await UpToNodeGroupAsync(cloud);
        var message = $"One or more node group issues ({state}).";
        cloud.Cloud.Faults.Set("CreateNodegroup", new OperationFault(1, code, HttpStatusCode.OK, message, EndState: state));

        // The runner retries the new node role EKS cannot assume yet; a final state is permanent and ends it.
        var error = await Assert.ThrowsAsync<CloudOperationException>(() => runner.CreateAsync(nodegroupNode).WaitAsync(Bound));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Contains(state, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeGroupDelete_DeleteFailed_StopsWithAwsHealthIssue()
    {
        using var cloud = new SandboxCloudUnderTest();
        var (runner, nodegroupNode) = await UpToNodeGroupAsync(cloud);
        var made = await runner.CreateAsync(nodegroupNode);
        const string message = "Ec2 security group sg-0kept has a dependent object and could not be deleted.";
        cloud.Cloud.Faults.Set("DeleteNodegroup", new OperationFault(1, "Ec2SecurityGroupDeletionFailure", HttpStatusCode.OK, message, EndState: "DELETE_FAILED"));

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.EksNodeGroup).DeleteAsync(runner.Context(nodegroupNode), made, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("Ec2SecurityGroupDeletionFailure", error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE_FAILED", "ConfigurationConflict")]
    [InlineData("DEGRADED", "AdmissionRequestDenied")]
    public async Task AddonWait_FinalFailureState_StopsWithAwsHealthIssue(string state, string code)
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SandboxEksWorkloadContractTests.Nodes(environment, principal: null);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Kind is not (ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry)))
        {
            await runner.CreateAsync(node);
        }

        var addonNode = nodes.Single(n => n.Key == "eks/addon/vpc-cni");
        var message = $"Conflicts found when trying to apply the add-on ({state}).";
        cloud.Cloud.Faults.Set("CreateAddon", new OperationFault(1, code, HttpStatusCode.OK, message, EndState: state));
        var driver = cloud.Drivers.For(ResourceKind.EksAddon);
        var made = await driver.CreateAsync(runner.Context(addonNode), CancellationToken.None);

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => driver.WaitUntilReadyAsync(runner.Context(addonNode), made, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static async Task<(NodeRunner Runner, ResourceNode Cluster)> UpToClusterAsync(SandboxCloudUnderTest cloud)
    {
        var environment = SeedEnvironment.Environment();
        var nodes = SandboxEksWorkloadContractTests.Nodes(environment, principal: null);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Kind is not (ResourceKind.EksCluster or ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry)))
        {
            await runner.CreateAsync(node);
        }

        return (runner, nodes.Single(n => n.Key == ResourceKeys.Cluster));
    }

    private static async Task<(NodeRunner Runner, ResourceNode NodeGroup)> UpToNodeGroupAsync(SandboxCloudUnderTest cloud)
    {
        var environment = SeedEnvironment.Environment();
        var nodes = SandboxEksWorkloadContractTests.Nodes(environment, principal: null);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Kind is not (ResourceKind.EksNodeGroup or ResourceKind.EksAddon or ResourceKind.EksAccessEntry)))
        {
            await runner.CreateAsync(node);
        }

        return (runner, nodes.Single(n => n.Kind == ResourceKind.EksNodeGroup));
    }
}
