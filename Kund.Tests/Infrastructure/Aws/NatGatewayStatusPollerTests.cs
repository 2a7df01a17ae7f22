using Kund.Infrastructure.Aws.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class NatGatewayStatusPollerTests
{
    private const string Answer = """
        <DescribeNatGatewaysResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>r-1</requestId>
          <natGatewaySet>
            <item><natGatewayId>nat-1</natGatewayId><state>available</state><subnetId>subnet-1</subnetId></item>
            <item><natGatewayId>nat-2</natGatewayId><state>pending</state><subnetId>subnet-2</subnetId></item>
          </natGatewaySet>
        </DescribeNatGatewaysResponse>
        """;

    [Fact]
    public async Task GetAsync_ManyWaitersInOneWindow_MakeOneDescribeCall()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(Answer));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var clients = AwsTestClients.Over(handler, time, timeScale: 1);
        var poller = new NatGatewayStatusPoller(clients, time);

        string[] ids = ["nat-1", "nat-2", "nat-3", "nat-1"];
        var waits = ids
            .Select(id => poller.GetAsync("ap-northeast-2", id, CancellationToken.None))
            .ToList();
        Assert.Empty(handler.Requests);
        time.Advance(poller.BatchWindow);
        var results = await Task.WhenAll(waits);

        var request = Assert.Single(handler.Requests);
        var form = request.Form;
        Assert.Equal("DescribeNatGateways", form["Action"]);
        Assert.Equal("nat-gateway-id", form["Filter.1.Name"]);
        Assert.Equal(["nat-1", "nat-2", "nat-3"], form.Where(f => f.Key.StartsWith("Filter.1.Value.", StringComparison.Ordinal)).Select(f => f.Value).Order());
        Assert.Equal("available", results[0]!.State.Value);
        Assert.Equal("pending", results[1]!.State.Value);
        Assert.Null(results[2]);
        Assert.Same(results[0], results[3]);
    }

    [Fact]
    public async Task GetAsync_AfterAFlush_StartsANewBatch()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(Answer));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var clients = AwsTestClients.Over(handler, time, timeScale: 1);
        var poller = new NatGatewayStatusPoller(clients, time);

        var first = poller.GetAsync("ap-northeast-2", "nat-1", CancellationToken.None);
        time.Advance(poller.BatchWindow);
        await first;
        var second = poller.GetAsync("ap-northeast-2", "nat-2", CancellationToken.None);
        time.Advance(poller.BatchWindow);
        await second;

        Assert.Equal(2, handler.Requests.Count);
    }
}
