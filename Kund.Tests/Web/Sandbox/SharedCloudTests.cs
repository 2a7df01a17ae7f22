using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Sandbox;

/// <summary>
/// <c>Kund:Sandbox:CloudUrl</c>: a node whose AWS clients call another node's sandbox endpoint over HTTP, as the
/// nodes of a scale-out share one cloud (docs/scaling.md). The node serving the endpoint is <see cref="SandboxEndpointApp"/>;
/// the node using it is a second Kund over a database of its own.
/// </summary>
public sealed class SharedCloudTests
{
    [Fact]
    public async Task CreateAndDestroy_OnANodeUsingAnotherNodesCloud_EveryServiceCalledThereAndNothingLeft()
    {
        IAsyncLifetime cloudNodeLifetime, workerLifetime;
        var cloudNode = new SandboxEndpointApp();
        await (cloudNodeLifetime = cloudNode).InitializeAsync();
        var worker = new KundAppFactory();
        worker.Settings["Kund:Sandbox:CloudUrl"] = cloudNode.Endpoint.ToString();
        try
        {
            await (workerLifetime = worker).InitializeAsync();
            try
            {
                await CreateAndDestroyAsync(cloudNode, worker);
            }
            finally
            {
                await workerLifetime.DisposeAsync();
            }
        }
        finally
        {
            await cloudNodeLifetime.DisposeAsync();
        }
    }

    private static async Task CreateAndDestroyAsync(SandboxEndpointApp cloudNode, KundAppFactory worker)
    {
        var id = await worker.ReadyThroughServicesAsync(SeedSpecs.Payments("shared-cloud"));

        var made = Tagged(cloudNode.Cloud, id);
        Assert.Empty(Tagged(worker.Services.GetRequiredService<SandboxCloud>(), id));
        // EC2, IAM and EKS calls all reached the other node's cloud (ELBv2 and tagging are read on the destroy's sweeps).
        Assert.Contains(made, i => i.Kind == ResourceKind.Vpc);
        Assert.Contains(made, i => i.Kind == ResourceKind.NatGateway && i.State == "available");
        Assert.Contains(made, i => i.Kind == ResourceKind.IamRole);
        Assert.Contains(made, i => i.Kind == ResourceKind.EksCluster && i.State == "ACTIVE");
        Assert.Contains(made, i => i.Kind == ResourceKind.EksNodeGroup && i.State == "ACTIVE");
        var options = worker.Services.GetRequiredService<AwsClients>().Options;
        Assert.Equal((cloudNode.Endpoint, SandboxEndpoint.AccessKeyId), (options.EndpointUrl, options.SandboxAccessKey));

        await worker.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
        var destroyed = await worker.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);

        Assert.True(destroyed.Status == EnvironmentStatus.Destroyed, $"{destroyed.Status}: {destroyed.FailureReason}");
        Assert.DoesNotContain(Tagged(cloudNode.Cloud, id), i => i.State is not ("deleted" or "DELETED"));
    }

    private static List<SandboxInventoryItem> Tagged(SandboxCloud cloud, Guid environmentId) =>
        [.. cloud.Inventory().Where(i => i.Tags.GetValueOrDefault(KundTags.EnvironmentTag) == environmentId.ToString())];
}
