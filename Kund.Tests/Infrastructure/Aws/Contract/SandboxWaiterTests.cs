using Kund.Domain.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The waiters' promise, on fake time at AWS's real durations: readiness noticed within about 1 % of the creation time, with few Describe calls.</summary>
public sealed class SandboxWaiterTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task NatGatewayWaitUntilReady_RealDurations_NoticesAvailabilityWithinAboutOnePercent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, time: time);
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: false);
        var runner = new NodeRunner(cloud, environment);
        foreach (var key in new[] { ResourceKeys.Vpc, ResourceKeys.Subnet("public-a"), ResourceKeys.InternetGateway, ResourceKeys.ElasticIp(SeedEnvironment.ZoneA) })
        {
            await runner.CreateAsync(nodes.Single(n => n.Key == key));
        }

        var natNode = nodes.Single(n => n.Kind == ResourceKind.NatGateway);
        var driver = cloud.Drivers.For(ResourceKind.NatGateway);
        var context = runner.Context(natNode);
        var createdAt = time.GetUtcNow();
        var nat = await driver.CreateAsync(context, CancellationToken.None);
        var describesBefore = cloud.Cloud.Calls.Calls("DescribeNatGateways");

        var wait = driver.WaitUntilReadyAsync(context, nat, CancellationToken.None);
        await Task.Delay(10);
        time.Advance(TimeSpan.FromSeconds(70)); // before the first poll (at 85 % of 90 s): nothing to see
        while (!wait.IsCompleted && time.GetUtcNow() - createdAt < TimeSpan.FromMinutes(5))
        {
            time.Advance(Step);
            await Task.Delay(1);
        }

        var ready = await wait;
        var noticedAfter = time.GetUtcNow() - createdAt;
        var expected = cloud.Cloud.Timings.NatGatewayCreate;
        Assert.Equal("available", ready.Attribute("state"));
        Assert.InRange(noticedAfter, expected, expected + (expected * 0.01) + TimeSpan.FromMilliseconds(200) + (2 * Step));
        Assert.InRange(cloud.Cloud.Calls.Calls("DescribeNatGateways") - describesBefore, 1, 30);
    }
}
