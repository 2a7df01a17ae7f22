using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>The EC2 and IAM calls an in-place change makes, through the real SDK, with AWS's errors.</summary>
public sealed class Ec2RouteUpdateWireTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task ReplaceRouteTableAssociation_MovesTheSubnetUnderANewAssociationId()
    {
        var (vpcId, subnetId) = await NetworkAsync();
        var first = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId })).RouteTable.RouteTableId;
        var second = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId })).RouteTable.RouteTableId;
        var association = (await Ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = first, SubnetId = subnetId })).AssociationId;

        var again = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = second, SubnetId = subnetId }));
        var moved = await Ec2.ReplaceRouteTableAssociationAsync(new ReplaceRouteTableAssociationRequest { AssociationId = association, RouteTableId = second });
        var old = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association }));
        var holder = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("association.subnet-id", [subnetId])] })).RouteTables;

        Assert.Equal("Resource.AlreadyAssociated", again.ErrorCode);
        Assert.NotEqual(association, moved.NewAssociationId);
        Assert.Equal(RouteTableAssociationStateCode.Associated, moved.AssociationState.State);
        Assert.Equal("InvalidAssociationID.NotFound", old.ErrorCode);
        Assert.Equal(second, Assert.Single(holder).RouteTableId);
        Assert.Equal(moved.NewAssociationId, Assert.Single(holder[0].Associations).RouteTableAssociationId);
    }

    [Fact]
    public async Task Routes_ReplaceAndDeleteOfAMissingRoute_AreRefusedAsAwsDoes()
    {
        var (vpcId, _) = await NetworkAsync();
        var table = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId })).RouteTable.RouteTableId;
        var gateway = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway, VpcId = vpcId });

        var replace = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.ReplaceRouteAsync(new ReplaceRouteRequest { RouteTableId = table, DestinationCidrBlock = "0.0.0.0/0", GatewayId = gateway }));
        var delete = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = table, DestinationCidrBlock = "0.0.0.0/0" }));
        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.ReplaceRouteTableAssociationAsync(new ReplaceRouteTableAssociationRequest { AssociationId = "rtbassoc-0123456789abcdef0", RouteTableId = table }));

        Assert.Equal("InvalidParameterValue", replace.ErrorCode);
        Assert.Contains("CreateRoute", replace.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidRoute.NotFound", delete.ErrorCode);
        Assert.Equal("InvalidAssociationID.NotFound", unknown.ErrorCode);
    }

    [Fact]
    public async Task UpdateAssumeRolePolicy_ReplacesTheDocument_MalformedJsonRefused()
    {
        const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        _sandbox.Cloud.CreateRole("node-role", null, """{"Version":"2012-10-17","Statement":[]}""", null, null);

        using var updated = await _sandbox.Iam(("Action", "UpdateAssumeRolePolicy"), ("RoleName", "node-role"), ("PolicyDocument", Trust));
        using var malformed = await _sandbox.Iam(("Action", "UpdateAssumeRolePolicy"), ("RoleName", "node-role"), ("PolicyDocument", "{not json"));
        using var missing = await _sandbox.Iam(("Action", "UpdateAssumeRolePolicy"), ("RoleName", "nobody"), ("PolicyDocument", Trust));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(Trust, _sandbox.Cloud.GetRole("node-role").AssumeRolePolicyDocument);
        Assert.Contains("MalformedPolicyDocument", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("NoSuchEntity", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(string VpcId, string SubnetId)> NetworkAsync()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        var subnetId = (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.0.0.0/24", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        return (vpcId, subnetId);
    }
}
