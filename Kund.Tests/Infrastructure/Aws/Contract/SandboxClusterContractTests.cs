using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Iam.Model;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The IAM and EKS half of the driver contract against the sandbox.</summary>
public sealed class SandboxClusterContractTests
{
    [Fact]
    public async Task SeedEnvironment_CreateCheckDestroy_LeavesNothingBehind()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200);

        await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: true);

        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind is ResourceKind.ElasticIp or ResourceKind.EksCluster or ResourceKind.IamRole);
    }

    [Fact]
    public async Task SeedEnvironment_NodesInParallelAlongTheGraph_CompletesAndLeavesNothingBehind()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200);

        var runner = await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: true, parallel: true);

        Assert.Empty(runner.Made);
        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.State != "deleted");
    }

    [Fact]
    public async Task CreateCluster_RightAfterCreateRole_IsNotYetConsistentThenSucceeds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, time: time);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("private-a"), ResourceKeys.Subnet("private-b"), ResourceKeys.ClusterRole, ResourceKeys.ClusterRolePolicy })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var clusterNode = nodes.Single(n => n.Key == ResourceKeys.Cluster);
        var driver = cloud.Drivers.For(ResourceKind.EksCluster);

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => driver.CreateAsync(runner.Context(clusterNode), CancellationToken.None));

        Assert.Equal(CloudErrorKind.NotYetConsistent, error.Kind);
        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Equal(TimeSpan.FromMinutes(2), error.RetryWindow);
        Assert.Contains("could not be assumed", error.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(15));
        var cluster = await driver.CreateAsync(runner.Context(clusterNode), CancellationToken.None);

        Assert.Equal(ClusterStatus.CREATING, cluster.Attribute("status"));
        Assert.NotNull(cluster.Arn);
    }

    [Fact]
    public async Task CreateRole_NameTakenBySomeoneElse_IsPermanentAndNotAdopted()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var roleNode = SeedEnvironment.Nodes(environment, withCluster: true).Single(n => n.Key == ResourceKeys.ClusterRole);
        var desired = (IamRoleDesired)roleNode.Desired;
        await cloud.Clients.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = desired.RoleName, AssumeRolePolicyDocument = desired.AssumeRolePolicyDocument });
        var context = SeedEnvironment.Context(environment, roleNode, new Dictionary<string, CloudResource>());
        var driver = cloud.Drivers.For(ResourceKind.IamRole);

        var created = await Assert.ThrowsAsync<CloudOperationException>(() => driver.CreateAsync(context, CancellationToken.None));
        var found = await Assert.ThrowsAsync<CloudOperationException>(() => driver.FindAsync(context, CancellationToken.None));

        Assert.Equal(CloudErrorKind.Permanent, created.Kind);
        Assert.Equal("EntityAlreadyExists", created.Code);
        Assert.Equal(CloudErrorKind.Permanent, found.Kind);
        Assert.Empty((await cloud.Clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = desired.RoleName })).Tags);
    }

    [Fact]
    public async Task CreateTwice_RoleAttachmentAndCluster_AdoptOneResourceEach()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);
        var keys = new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("private-a"), ResourceKeys.Subnet("private-b"), ResourceKeys.ClusterRole, ResourceKeys.ClusterRolePolicy, ResourceKeys.Cluster };
        foreach (var key in keys)
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        foreach (var key in keys)
        {
            var node = nodes.Single(n => n.Key == key);
            var driver = cloud.Drivers.For(node.Kind);
            Assert.Equal(runner.Made[key].CloudId, (await driver.FindAsync(runner.Context(node), CancellationToken.None))?.CloudId);
            if (node.Kind is ResourceKind.IamRole or ResourceKind.IamRolePolicyAttachment or ResourceKind.EksCluster)
            {
                // A create repeated without a find (a lost answer): name + tags, AWS idempotency and clientRequestToken adopt.
                Assert.Equal(runner.Made[key].CloudId, (await driver.CreateAsync(runner.Context(node), CancellationToken.None)).CloudId);
            }
        }

        var inventory = cloud.Cloud.Inventory();
        Assert.Single(inventory, i => i.Kind == ResourceKind.IamRole);
        Assert.Single(inventory, i => i.Kind == ResourceKind.IamRolePolicyAttachment);
        Assert.Single(inventory, i => i.Kind == ResourceKind.EksCluster);
        Assert.Single(inventory, i => i.Kind == ResourceKind.Vpc);

        foreach (var key in keys.Reverse())
        {
            await runner.DeleteAsync(nodes.Single(n => n.Key == key));
        }

        Assert.Empty(cloud.Cloud.Inventory());
    }

    [Fact]
    public async Task DeleteCluster_StillCreating_WaitsThenDeletes()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("private-a"), ResourceKeys.Subnet("private-b"), ResourceKeys.ClusterRole, ResourceKeys.ClusterRolePolicy })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var clusterNode = nodes.Single(n => n.Key == ResourceKeys.Cluster);
        var driver = cloud.Drivers.For(ResourceKind.EksCluster);
        var cluster = await RetryNotYetConsistentAsync(() => driver.CreateAsync(runner.Context(clusterNode), CancellationToken.None));
        Assert.Equal(ClusterStatus.CREATING, cluster.Attribute("status"));

        await driver.DeleteAsync(runner.Context(clusterNode), cluster, CancellationToken.None);

        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind == ResourceKind.EksCluster);
    }

    private static async Task<CloudResource> RetryNotYetConsistentAsync(Func<Task<CloudResource>> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await create();
            }
            catch (CloudOperationException e) when (e.Kind == CloudErrorKind.NotYetConsistent && attempt < 100)
            {
                await Task.Delay(5);
            }
        }
    }
}
