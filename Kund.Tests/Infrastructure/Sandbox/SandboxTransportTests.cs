using System.Net;
using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class SandboxTransportTests
{
    /// <summary>Fake time that says when someone starts waiting on it, so a test needs no real sleep.</summary>
    private sealed class TimerSignallingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero))
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }

    [Fact]
    public async Task DescribeVpcs_BurstPastBucket_FailsWithRequestLimitExceeded503()
    {
        using var sandbox = new SandboxHarness();

        for (var i = 0; i < 100; i++)
        {
            await sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        }

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest()));
        sandbox.Advance(TimeSpan.FromSeconds(1));
        await sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest());

        Assert.Equal("RequestLimitExceeded", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, sandbox.Cloud.Calls.Throttled("DescribeVpcs"));
        Assert.Equal(102, sandbox.Cloud.Calls.Calls("DescribeVpcs"));
    }

    [Fact]
    public async Task DescribeVpcs_BucketEmptied_OtherActionsOfTheCategoryKeepTheirOwnBuckets()
    {
        using var sandbox = new SandboxHarness();
        for (var i = 0; i < 100; i++)
        {
            await sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        }

        var vpcs = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest()));
        await sandbox.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest());
        await sandbox.Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest());
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.CreateNatGatewayAsync(
                new CreateNatGatewayRequest { SubnetId = "subnet-0123456789abcdef0", AllocationId = "eipalloc-0123456789abcdef0" }));
        }

        var delete = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = "nat-0123456789abcdef0" }));

        Assert.Equal("RequestLimitExceeded", vpcs.ErrorCode);
        Assert.Equal(0, sandbox.Cloud.Calls.Throttled("DescribeSubnets") + sandbox.Cloud.Calls.Throttled("DescribeRouteTables"));
        Assert.Equal("NatGatewayNotFound", delete.ErrorCode);
    }

    [Fact]
    public async Task CreateNatGateway_BucketOfTen_ThrottlesEleventhCall()
    {
        using var sandbox = new SandboxHarness();
        var failures = 0;
        for (var i = 0; i < 11; i++)
        {
            var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.CreateNatGatewayAsync(
                new CreateNatGatewayRequest { SubnetId = "subnet-0123456789abcdef0", AllocationId = "eipalloc-0123456789abcdef0" }));
            failures += error.ErrorCode == "RequestLimitExceeded" ? 1 : 0;
        }

        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task Throttling_TurnedOff_NeverThrottles()
    {
        using var sandbox = new SandboxHarness(o => o.ThrottlingEnabled = false);

        for (var i = 0; i < 150; i++)
        {
            await sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        }

        Assert.Equal(0, sandbox.Cloud.Calls.TotalThrottled);
    }

    [Fact]
    public async Task InjectedFault_FullRate_SurfacesChosenCodeAndStatus()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Cloud.Faults.Set("CreateVpc", new OperationFault(ErrorRate: 1, Code: "InternalError", Status: HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }));
        sandbox.Cloud.Faults.Clear("CreateVpc");
        await sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" });

        Assert.Equal("InternalError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Single(sandbox.Cloud.DescribeVpcs(SandboxHarness.Region));
        Assert.Equal(1, sandbox.Cloud.Calls.Faulted("CreateVpc"));
    }

    [Fact]
    public async Task InjectedFault_PartialRateWithSameSeed_FailsSameCalls()
    {
        async Task<string> Run()
        {
            using var sandbox = new SandboxHarness(o => { o.FaultSeed = 42; o.VpcLimitPerRegion = 50; });
            sandbox.Cloud.Faults.Set("CreateVpc", new OperationFault(ErrorRate: 0.3, Code: "RequestLimitExceeded", Status: HttpStatusCode.ServiceUnavailable));
            var outcome = new System.Text.StringBuilder();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = $"10.{i}.0.0/16" });
                    outcome.Append('.');
                }
                catch (AmazonEC2Exception e) when (e.ErrorCode == "RequestLimitExceeded")
                {
                    outcome.Append('x');
                }
            }

            return outcome.ToString();
        }

        var first = await Run();
        var second = await Run();

        Assert.Equal(first, second);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task InjectedLatency_WaitsOnCloudClock()
    {
        var time = new TimerSignallingTimeProvider();
        using var sandbox = new SandboxHarness(time: time);
        sandbox.Cloud.Faults.Set("DescribeVpcs", new OperationFault(Latency: TimeSpan.FromSeconds(5)));

        var call = sandbox.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
        var doneBefore = call.IsCompleted;
        sandbox.Advance(TimeSpan.FromSeconds(5));
        await call;

        Assert.False(doneBefore);
    }

    [Fact]
    public async Task UnsignedRequest_Ec2_RefusedWithAuthFailure()
    {
        using var sandbox = new SandboxHarness();
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://ec2.ap-northeast-2.amazonaws.com/")
        {
            Content = new FormUrlEncodedContent([new("Action", "DescribeVpcs"), new("Version", "2016-11-15")]),
        };

        using var response = await sandbox.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("<Code>AuthFailure</Code>", body, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Cloud.Calls.TotalCalls);
    }

    [Fact]
    public async Task SignedRequest_UnknownRegion_Refused()
    {
        using var sandbox = new SandboxHarness();
        using var request = SandboxHarness.Signed(HttpMethod.Post, "https://ec2.sa-east-1.amazonaws.com/", "ec2", "sa-east-1",
            new FormUrlEncodedContent([new("Action", "DescribeVpcs"), new("Version", "2016-11-15")]));

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SignedRequest_UnknownAction_FailsWithInvalidAction()
    {
        using var sandbox = new SandboxHarness();
        using var request = SandboxHarness.Signed(HttpMethod.Post, "https://ec2.ap-northeast-2.amazonaws.com/", "ec2", SandboxHarness.Region,
            new FormUrlEncodedContent([new("Action", "RunInstances"), new("Version", "2016-11-15")]));

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidAction</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistence_NewCloudOverSameFile_SeesSameResources()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kund-sandbox-{Guid.NewGuid():N}", "state.json");
        try
        {
            string vpcId;
            string natId;
            using (var sandbox = new SandboxHarness(store: new JsonFileSandboxStateStore(path)))
            {
                vpcId = (await sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest
                {
                    CidrBlock = "10.0.0.0/16",
                    TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Vpc, Tags = [new Amazon.EC2.Model.Tag("kund:env", "e1")] }],
                })).Vpc.VpcId;
                var subnetId = (await sandbox.Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.0.0.0/24" })).Subnet.SubnetId;
                var igwId = (await sandbox.Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
                await sandbox.Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
                var allocationId = (await sandbox.Ec2.AllocateAddressAsync(new AllocateAddressRequest())).AllocationId;
                natId = (await sandbox.Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId })).NatGateway.NatGatewayId;
            }

            Assert.True(File.Exists(path));
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
            using var restarted = new SandboxHarness(store: new JsonFileSandboxStateStore(path));
            restarted.Advance(TimeSpan.FromMinutes(2));
            var vpc = (await restarted.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] })).Vpcs.Single();
            var nat = (await restarted.Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] })).NatGateways.Single();

            Assert.Equal("e1", vpc.Tags.Single().Value);
            Assert.Equal(NatGatewayState.Available, nat.State);
            Assert.Equal(
                [ResourceKind.Vpc, ResourceKind.Subnet, ResourceKind.InternetGateway, ResourceKind.ElasticIp, ResourceKind.NatGateway, ResourceKind.RouteTable],
                restarted.Cloud.Inventory().Select(i => i.Kind).Distinct());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task ClientsInTwoRegions_SeeOnlyTheirOwnVpcs()
    {
        using var sandbox = new SandboxHarness();
        using var factory = new SandboxHttpClientFactory(sandbox.Cloud);
        using var virginia = SandboxHarness.CreateEc2Client(factory, RegionEndpoint.USEast1);

        await sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" });
        var inVirginia = (await virginia.DescribeVpcsAsync(new DescribeVpcsRequest())).Vpcs ?? [];
        var zones = (await virginia.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest())).AvailabilityZones;

        Assert.Empty(inVirginia);
        Assert.Equal(6, zones.Count);
    }
}
