using System.Net;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// An environment destroyed and provisioned again within a day: the sandbox, like EC2 and EKS, still
/// answers the first generation's tokens with the deleted route tables and cluster, and the drivers move
/// on to a token of the next generation instead of building on something gone.
/// </summary>
public sealed class SandboxTokenGenerationTests
{
    [Fact]
    public async Task SeedEnvironment_DestroyedThenProvisionedAgain_MakesNewRouteTablesAndCluster()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200, configure: o => o.ThrottlingEnabled = false);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);
        await runner.CreateAllAsync(nodes);
        var firstGeneration = runner.Made.Where(m => IsTableOrCluster(nodes, m.Key)).ToDictionary(m => m.Key, m => m.Value.Arn ?? m.Value.CloudId);

        // The destroy fails at its last step (the VPC), after the route tables and the cluster are gone;
        // the environment is then provisioned again from what is left.
        cloud.Cloud.Faults.Set("DeleteVpc", new OperationFault(1, "UnauthorizedOperation", HttpStatusCode.Forbidden, "You are not authorized to perform this operation."));
        var failed = await Assert.ThrowsAsync<CloudOperationException>(() => runner.DeleteAllAsync(nodes));
        cloud.Cloud.Faults.Clear("DeleteVpc");
        await runner.CreateAllAsync(nodes);

        Assert.Equal("UnauthorizedOperation", failed.Code);
        var inventory = cloud.Cloud.Inventory();
        foreach (var (key, made) in runner.Made.Where(m => IsTableOrCluster(nodes, m.Key)))
        {
            Assert.Contains(inventory, i => i.Id == made.CloudId && i.State is "available" or "ACTIVE");
            if (made.Arn is null)
            {
                Assert.NotEqual(firstGeneration[key], made.CloudId);
            }
        }

        await runner.DeleteAllAsync(nodes);
        Assert.Empty(await cloud.LeftoversAsync(environment, nodes));
    }

    private static bool IsTableOrCluster(IReadOnlyList<ResourceNode> nodes, string key) =>
        nodes.Single(n => n.Key == key).Kind is ResourceKind.RouteTable or ResourceKind.EksCluster;
}
