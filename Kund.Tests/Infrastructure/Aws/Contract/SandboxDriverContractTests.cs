using System.Net;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The driver contract against the sandbox cloud at 600× speed: the production clients, signing, retries and waiters over the sandbox's wire protocols.</summary>
public sealed class SandboxDriverContractTests
{
    private static readonly string[] MutatingEc2Operations =
    [
        "CreateVpc", "ModifyVpcAttribute", "CreateSubnet", "ModifySubnetAttribute", "CreateInternetGateway",
        "AttachInternetGateway", "AllocateAddress", "CreateNatGateway", "CreateRouteTable", "CreateRoute",
        "AssociateRouteTable", "DisassociateRouteTable", "DeleteRouteTable", "DeleteNatGateway", "ReleaseAddress",
        "DetachInternetGateway", "DeleteInternetGateway", "DeleteSubnet", "DeleteVpc",
    ];

    private static readonly string[] MutatingIamOperations = ["CreateRole", "AttachRolePolicy", "DetachRolePolicy", "DeleteRole"];

    private static readonly string[] MutatingEksOperations = ["CreateCluster", "DeleteCluster"];

    [Fact]
    public async Task NetworkEnvironment_CreateCheckDestroy_LeavesNothingBehind()
    {
        using var cloud = new SandboxCloudUnderTest();

        await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: false);

        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind == ResourceKind.ElasticIp);
    }

    [Fact]
    public async Task SeedEnvironment_ThirtyPercentThrottlingOnMutatingCalls_StillCompletes()
    {
        // One SDK retry per call (its backoff is real time); the executor's retries do the rest.
        using var cloud = new SandboxCloudUnderTest(timeScale: 1200, configure: o => o.FaultSeed = 7, configureAws: o => o.MaxAttempts = 2);
        foreach (var operation in MutatingEc2Operations)
        {
            cloud.Cloud.Faults.Set(operation, new OperationFault(0.3, "RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, "Request limit exceeded."));
        }

        foreach (var operation in MutatingIamOperations)
        {
            cloud.Cloud.Faults.Set(operation, new OperationFault(0.3, "Throttling", HttpStatusCode.BadRequest, "Rate exceeded"));
        }

        foreach (var operation in MutatingEksOperations)
        {
            cloud.Cloud.Faults.Set(operation, new OperationFault(0.3, "TooManyRequestsException", HttpStatusCode.TooManyRequests, "Too many requests"));
        }

        var runner = await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: true);

        Assert.True(runner.Retries > 0, "no failure reached the executor's retry");
        Assert.True(MutatingEc2Operations.Sum(o => cloud.Cloud.Calls.Faulted(o)) > 0, "the EC2 fault was never injected");
        Assert.True(MutatingIamOperations.Concat(MutatingEksOperations).Sum(o => cloud.Cloud.Calls.Faulted(o)) > 0, "the IAM/EKS fault was never injected");
        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.Kind is ResourceKind.ElasticIp or ResourceKind.EksCluster or ResourceKind.IamRole);
    }

    [Fact]
    public async Task DeleteVpc_WithSubnets_DependencyViolationRetriedWithinTheReleaseWindow()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        var vpcNode = nodes.Single(n => n.Key == ResourceKeys.Vpc);
        var subnetNode = nodes.Single(n => n.Key == ResourceKeys.Subnet("public-a"));
        var vpc = await runner.CreateAsync(vpcNode);
        await runner.CreateAsync(subnetNode);

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.Vpc).DeleteAsync(runner.Context(vpcNode), vpc, CancellationToken.None));

        // The destroy graph deletes the subnets first, so what still depends on the VPC is AWS releasing it (or,
        // when it is not Kund's, a "blocked by" refusal before the call): retried, within AWS's release window.
        Assert.Equal(CloudErrorKind.NotYetConsistent, error.Kind);
        Assert.Equal("DependencyViolation", error.Code);
        Assert.Contains(vpc.CloudId, error.Message, StringComparison.Ordinal);
        await runner.DeleteAsync(subnetNode);
        await runner.DeleteAsync(vpcNode);
        Assert.Empty(cloud.Cloud.Inventory());
    }

    [Fact]
    public async Task CreateTwice_SameNode_MakesOneResource()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.TakeWhile(n => n.Kind != ResourceKind.RouteTable))
        {
            await runner.CreateAsync(node);
        }

        foreach (var node in nodes.TakeWhile(n => n.Kind != ResourceKind.RouteTable))
        {
            var driver = cloud.Drivers.For(node.Kind);
            var found = await driver.FindAsync(runner.Context(node), CancellationToken.None);
            Assert.Equal(runner.Made[node.Key].CloudId, found?.CloudId);
        }

        // A create repeated without a find (a lost answer): the NAT gateway's ClientToken returns the same gateway.
        var natNode = nodes.Single(n => n.Kind == ResourceKind.NatGateway);
        var again = await cloud.Drivers.For(ResourceKind.NatGateway).CreateAsync(runner.Context(natNode), CancellationToken.None);
        Assert.Equal(runner.Made[natNode.Key].CloudId, again.CloudId);

        var inventory = cloud.Cloud.Inventory();
        Assert.Single(inventory, i => i.Kind == ResourceKind.Vpc);
        Assert.Single(inventory, i => i.Kind == ResourceKind.NatGateway);
        Assert.Single(inventory, i => i.Kind == ResourceKind.ElasticIp);
        Assert.Equal(4, inventory.Count(i => i.Kind == ResourceKind.Subnet));

        foreach (var node in nodes.Reverse())
        {
            await runner.DeleteAsync(node);
        }

        Assert.DoesNotContain(cloud.Cloud.Inventory(), i => i.State != "deleted");
    }

    [Fact]
    public async Task DeleteAsync_AlreadyGone_Succeeds()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        var vpcNode = nodes.Single(n => n.Key == ResourceKeys.Vpc);
        var eipNode = nodes.Single(n => n.Kind == ResourceKind.ElasticIp);
        var vpc = await runner.CreateAsync(vpcNode);
        var eip = await runner.CreateAsync(eipNode);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            await cloud.Drivers.For(ResourceKind.Vpc).DeleteAsync(runner.Context(vpcNode), vpc, CancellationToken.None);
            await cloud.Drivers.For(ResourceKind.ElasticIp).DeleteAsync(runner.Context(eipNode), eip, CancellationToken.None);
        }

        Assert.Empty(cloud.Cloud.Inventory());
    }

    [Fact]
    public async Task NatGatewayWaitUntilReady_NoInternetGateway_FailsPermanentlyWithTheGatewaysMessage()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("public-a"), ResourceKeys.ElasticIp(SeedEnvironment.ZoneA) })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var natNode = nodes.Single(n => n.Kind == ResourceKind.NatGateway);
        var driver = cloud.Drivers.For(ResourceKind.NatGateway);
        var nat = await driver.CreateAsync(runner.Context(natNode), CancellationToken.None);

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => driver.WaitUntilReadyAsync(runner.Context(natNode), nat, CancellationToken.None));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("Gateway.NotAttached", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));

        // Retried once the cause is fixed: a new gateway, not the failed one the first token returns.
        await runner.CreateAsync(nodes.Single(n => n.Key == ResourceKeys.InternetGateway));
        var retried = await runner.CreateAsync(natNode);
        Assert.NotEqual(nat.CloudId, retried.CloudId);
        Assert.Equal("available", retried.Attribute("state"));
    }

    [Fact]
    public async Task ElasticIpDelete_NatGatewayStillHoldsIt_IsTransientInUse()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("public-a"), ResourceKeys.InternetGateway, ResourceKeys.ElasticIp(SeedEnvironment.ZoneA) })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        await runner.CreateAsync(nodes.Single(n => n.Kind == ResourceKind.NatGateway));
        var eipNode = nodes.Single(n => n.Key == ResourceKeys.ElasticIp(SeedEnvironment.ZoneA));

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.ElasticIp).DeleteAsync(runner.Context(eipNode), runner.Made[eipNode.Key], CancellationToken.None));

        Assert.Equal(CloudErrorKind.Transient, error.Kind);
        Assert.Equal("InvalidIPAddress.InUse", error.Code);
        Assert.Contains(runner.Made[eipNode.Key].CloudId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ElasticIpDelete_RealAuthFailure_FailsAtOnceWithAwsMessage()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        var eipNode = nodes.Single(n => n.Key == ResourceKeys.ElasticIp(SeedEnvironment.ZoneA));
        var eip = await runner.CreateAsync(eipNode);
        const string awsMessage = "You are not authorized to perform this operation.";
        cloud.Cloud.Faults.Set("ReleaseAddress", new OperationFault(1, "AuthFailure", HttpStatusCode.Unauthorized, awsMessage));

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.ElasticIp).DeleteAsync(runner.Context(eipNode), eip, CancellationToken.None));

        Assert.Equal(CloudErrorKind.Permanent, error.Kind);
        Assert.Equal("AuthFailure", error.Code);
        Assert.Equal(awsMessage, error.Message);
        Assert.Equal(1, cloud.Cloud.Calls.Faulted("ReleaseAddress"));
    }

    [Fact]
    public async Task DeleteInternetGateway_NatAddressStillMapped_IsNotYetConsistent()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Kind is not ResourceKind.RouteTable))
        {
            await runner.CreateAsync(node);
        }

        var igwNode = nodes.Single(n => n.Key == ResourceKeys.InternetGateway);
        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.InternetGateway).DeleteAsync(runner.Context(igwNode), runner.Made[igwNode.Key], CancellationToken.None));

        Assert.Equal(CloudErrorKind.NotYetConsistent, error.Kind);
        Assert.Equal("DependencyViolation", error.Code);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryWindow);
        Assert.Contains("mapped public address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteTableFind_RouteToAnotherTarget_RepointsTheRoute()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var node in nodes.Where(n => n.Key != ResourceKeys.PublicRouteTable))
        {
            await runner.CreateAsync(node);
        }

        // The private table's default route points at the NAT gateway; the plan now wants the internet gateway.
        var privateNode = nodes.Single(n => n.Key == ResourceKeys.PrivateRouteTable);
        var repointed = privateNode with
        {
            DependsOn = [.. privateNode.DependsOn, ResourceKeys.InternetGateway],
            Desired = new RouteTableDesired("private", [new RouteDesired("0.0.0.0/0", ResourceKeys.InternetGateway)], [ResourceKeys.Subnet("private-a"), ResourceKeys.Subnet("private-b")]),
        };
        await cloud.Drivers.For(ResourceKind.RouteTable).FindAsync(runner.Context(repointed), CancellationToken.None);

        var table = (await cloud.Clients.Ec2(SeedEnvironment.Region).DescribeRouteTablesAsync(new Amazon.EC2.Model.DescribeRouteTablesRequest { RouteTableIds = [runner.Made[privateNode.Key].CloudId] })).RouteTables[0];
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == runner.Made[ResourceKeys.InternetGateway].CloudId);
    }
}
