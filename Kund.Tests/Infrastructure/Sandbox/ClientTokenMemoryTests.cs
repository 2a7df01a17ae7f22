using Amazon.EC2.Model;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>A client token answers with its original result for a day after its resource is deleted, as EC2's do.</summary>
public sealed class ClientTokenMemoryTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new(o => o.ThrottlingEnabled = false);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task CreateRouteTable_TokenOfDeletedTable_AnswersTheDeletedTableForADay()
    {
        var vpc = await _sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.40.0.0/16" });
        var request = new CreateRouteTableRequest { VpcId = vpc.Vpc.VpcId, ClientToken = "token-rtb-1" };
        var first = (await _sandbox.Ec2.CreateRouteTableAsync(request)).RouteTable;
        await _sandbox.Ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = first.RouteTableId });

        _sandbox.Advance(TimeSpan.FromHours(23));
        var repeated = (await _sandbox.Ec2.CreateRouteTableAsync(request)).RouteTable;
        var described = await Assert.ThrowsAsync<Amazon.EC2.AmazonEC2Exception>(
            () => _sandbox.Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [repeated.RouteTableId] }));
        _sandbox.Advance(TimeSpan.FromHours(2));
        var afterADay = (await _sandbox.Ec2.CreateRouteTableAsync(request)).RouteTable;

        Assert.Equal(first.RouteTableId, repeated.RouteTableId);
        Assert.Equal("InvalidRouteTableID.NotFound", described.ErrorCode);
        Assert.NotEqual(first.RouteTableId, afterADay.RouteTableId);
        Assert.Contains(_sandbox.Cloud.Inventory(), i => i.Id == afterADay.RouteTableId);
    }
}
