using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The waiters' promise, on fake time at AWS's real durations: readiness noticed within about 1 % of the creation time, with few Describe calls.</summary>
public sealed class SandboxWaiterTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NatGatewayWaitUntilReady_RealDurations_NoticesAvailabilityWithinAboutOnePercent(bool adoptedAfterRestart)
    {
        var time = new TimerCountingTime(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, time: time);
        var (driver, poller) = NatDriver(cloud);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("public-a"), ResourceKeys.InternetGateway, ResourceKeys.ElasticIp(SeedEnvironment.ZoneA) })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var natNode = nodes.Single(n => n.Kind == ResourceKind.NatGateway);
        var context = runner.Context(natNode);
        var createdAt = time.GetUtcNow();
        var nat = await driver.CreateAsync(context, CancellationToken.None);
        if (adoptedAfterRestart)
        {
            // A worker that took over finds the gateway by its tags; the wait plans from the gateway's CreateTime.
            time.Fake.Advance(TimeSpan.FromSeconds(30));
            nat = await driver.FindAsync(context, CancellationToken.None) ?? throw new InvalidOperationException("not found");
        }

        var describesBefore = cloud.Cloud.Calls.Calls("DescribeNatGateways");

        var wait = driver.WaitUntilReadyAsync(context, nat, CancellationToken.None);
        await SettleAsync(time, poller, [wait]);
        time.Fake.Advance(createdAt + TimeSpan.FromSeconds(70) - time.GetUtcNow()); // before the first poll (at 85 % of 90 s): nothing to see
        while (!wait.IsCompleted && time.GetUtcNow() - createdAt < TimeSpan.FromMinutes(5))
        {
            await AdvanceAndSettleAsync(time, Step, poller, [wait]);
        }

        var ready = await wait;
        var noticedAfter = time.GetUtcNow() - createdAt;
        var expected = cloud.Cloud.Timings.NatGatewayCreate;
        Assert.Equal("available", ready.Attribute("state"));
        Assert.InRange(noticedAfter, expected, expected + (expected * 0.01) + TimeSpan.FromMilliseconds(200) + (2 * Step));
        Assert.InRange(cloud.Cloud.Calls.Calls("DescribeNatGateways") - describesBefore, 1, 30);
    }

    /// <summary>
    /// A hundred NAT gateways waited for at once (created a second apart, as environments come in): the
    /// batched poller keeps DescribeNatGateways far inside EC2's Describe budget, so none is throttled.
    /// </summary>
    [Fact]
    public async Task NatGatewayWaitUntilReady_HundredInFlight_BatchesPollsWithoutThrottling()
    {
        const int count = 100;
        var time = new TimerCountingTime(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, time: time, configure: o => o.AddressLimitPerRegion = count + 5);
        var (natDriver, poller) = NatDriver(cloud);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("public-a"), ResourceKeys.InternetGateway })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var eipDriver = cloud.Drivers.For(ResourceKind.ElasticIp);
        var waits = new List<Task<CloudResource>>();
        for (var i = 0; i < count; i++)
        {
            // Each NAT gateway is its own node (distinct key, so distinct ClientToken) of the same network.
            var zone = $"z{i}";
            var eipNode = new ResourceNode(ResourceKeys.ElasticIp(zone), ResourceKind.ElasticIp, [], new ElasticIpDesired(zone));
            var eip = await eipDriver.CreateAsync(SeedEnvironment.Context(environment, eipNode, runner.Made), CancellationToken.None);
            var made = new Dictionary<string, CloudResource>(runner.Made) { [eipNode.Key] = eip };
            var natNode = new ResourceNode(ResourceKeys.NatGateway(zone), ResourceKind.NatGateway, [ResourceKeys.Subnet("public-a"), eipNode.Key], new NatGatewayDesired(zone, ResourceKeys.Subnet("public-a"), eipNode.Key));
            var context = SeedEnvironment.Context(environment, natNode, made);
            var nat = await natDriver.CreateAsync(context, CancellationToken.None);
            waits.Add(natDriver.WaitUntilReadyAsync(context, nat, CancellationToken.None));
            await AdvanceAndSettleAsync(time, TimeSpan.FromSeconds(1), poller, waits); // lets the mutating and NAT token buckets refill
        }

        var describesBefore = cloud.Cloud.Calls.Calls("DescribeNatGateways");
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(5);
        var all = Task.WhenAll(waits);
        while (!all.IsCompleted && time.GetUtcNow() < deadline)
        {
            await AdvanceAndSettleAsync(time, TimeSpan.FromMilliseconds(200), poller, waits);
        }

        var ready = await all;
        Assert.All(ready, r => Assert.Equal("available", r.Attribute("state")));
        Assert.Equal(0, cloud.Cloud.Calls.Throttled("DescribeNatGateways"));
        // One waiter alone makes ~15–40 polls; a hundred unbatched would make thousands.
        Assert.InRange(cloud.Cloud.Calls.Calls("DescribeNatGateways") - describesBefore, 1, 600);
    }

    /// <summary>The NAT gateway driver over its own poller, so a test can see how many waits that poller holds.</summary>
    private static (IResourceDriver Driver, NatGatewayStatusPoller Poller) NatDriver(SandboxCloudUnderTest cloud)
    {
        var poller = new NatGatewayStatusPoller(cloud.Clients, cloud.Time);
        return (new NatGatewayDriver(cloud.Clients, poller, cloud.Time), poller);
    }

    /// <summary>Moves fake time on, then lets every poll it triggered run to the waiter's next wait.</summary>
    private static async Task AdvanceAndSettleAsync(TimerCountingTime time, TimeSpan step, NatGatewayStatusPoller poller, IReadOnlyCollection<Task> waits)
    {
        time.Fake.Advance(step);
        await SettleAsync(time, poller, waits);
    }

    /// <summary>
    /// Returns once every wait still running is blocked on the fake clock: parked in the poller's batch
    /// (which holds one timer while it has waiters) or on a poll timer of its own. No wall-clock sleep: the
    /// condition is exact, so a busy machine only makes it arrive later, never makes a waiter look late.
    /// </summary>
    private static async Task SettleAsync(TimerCountingTime time, NatGatewayStatusPoller poller, IReadOnlyCollection<Task> waits)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var settledOnce = false;
        while (true)
        {
            var parked = poller.Waiting;
            var ownTimers = time.PendingTimers - (parked > 0 ? 1 : 0);
            var settled = waits.Count(w => !w.IsCompleted) == parked + ownTimers;
            if (settled && settledOnce)
            {
                return;
            }

            settledOnce = settled;
            patience.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
