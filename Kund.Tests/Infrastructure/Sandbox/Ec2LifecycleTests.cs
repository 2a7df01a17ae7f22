using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class Ec2LifecycleTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new(o => o.TimeScale = 2);

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task NatGateway_AfterScaledCreationTime_BecomesAvailable()
    {
        var (natId, _) = await NatGatewayInPublicSubnet();

        _sandbox.Advance(TimeSpan.FromSeconds(44));
        var before = await State(natId);
        _sandbox.Advance(TimeSpan.FromSeconds(2));
        var after = await State(natId);

        Assert.Equal(NatGatewayState.Pending, before);
        Assert.Equal(NatGatewayState.Available, after);
    }

    [Fact]
    public async Task ReleaseAddress_WhileNatGatewayDeleting_IsRefusedUntilDeleted()
    {
        var (natId, allocationId) = await NatGatewayInPublicSubnet();
        _sandbox.Advance(TimeSpan.FromSeconds(45));
        await Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natId });

        var deleting = await State(natId);
        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }));
        _sandbox.Advance(TimeSpan.FromSeconds(30));
        var deleted = await State(natId);
        await Ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId });

        Assert.Equal(NatGatewayState.Deleting, deleting);
        Assert.Equal(SandboxCloud.AddressHeldByNatGatewayCode, refused.ErrorCode);
        Assert.Equal(NatGatewayState.Deleted, deleted);
        Assert.DoesNotContain(_sandbox.Cloud.Inventory(), r => r.Kind == Kund.Domain.Resources.ResourceKind.ElasticIp);
    }

    [Fact]
    public async Task DeletedNatGateway_StaysVisibleForAnHourThenDisappears()
    {
        var (natId, _) = await NatGatewayInPublicSubnet();
        await Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natId });
        _sandbox.Advance(TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(29));

        var stillVisible = await State(natId);
        _sandbox.Advance(TimeSpan.FromMinutes(1));
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() => State(natId));

        Assert.Equal(NatGatewayState.Deleted, stillVisible);
        Assert.Equal("NatGatewayNotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task DeleteSubnet_WithNatGatewayNotYetDeleted_FailsWithDependencyViolation()
    {
        var (natId, _) = await NatGatewayInPublicSubnet();
        var subnetId = _sandbox.Cloud.DescribeNatGateways(SandboxHarness.Region, [natId]).Single().SubnetId;
        await Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natId });

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId }));
        _sandbox.Advance(TimeSpan.FromSeconds(30));
        await Ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId });

        Assert.Equal("DependencyViolation", error.ErrorCode);
    }

    [Fact]
    public async Task CreateNatGateway_InVpcWithoutInternetGateway_FailsWithGatewayNotAttached()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        var subnetId = (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.0.0.0/24", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        var allocationId = (await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc })).AllocationId;

        var natId = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId })).NatGateway.NatGatewayId;
        _sandbox.Advance(TimeSpan.FromMinutes(1));
        var nat = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] })).NatGateways.Single();

        Assert.Equal(NatGatewayState.Failed, nat.State);
        Assert.Equal("Gateway.NotAttached", nat.FailureCode);
    }

    [Fact]
    public async Task CreateNatGateway_SameClientToken_ReturnsSameGateway()
    {
        var (natId, allocationId) = await NatGatewayInPublicSubnet();
        var subnetId = _sandbox.Cloud.DescribeNatGateways(SandboxHarness.Region, [natId]).Single().SubnetId;

        var again = await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId, ClientToken = "token-1" });

        Assert.Equal(natId, again.NatGateway.NatGatewayId);
        Assert.Single(_sandbox.Cloud.DescribeNatGateways(SandboxHarness.Region));
    }

    [Fact]
    public async Task CreateNatGateway_ClientTokenWithOtherParameters_FailsWithIdempotentParameterMismatch()
    {
        var (_, _) = await NatGatewayInPublicSubnet();
        var otherAllocation = (await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc })).AllocationId;
        var subnetId = _sandbox.Cloud.DescribeSubnets(SandboxHarness.Region).Single().Id;

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.CreateNatGatewayAsync(
            new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = otherAllocation, ClientToken = "token-1" }));

        Assert.Equal("IdempotentParameterMismatch", error.ErrorCode);
    }

    [Fact]
    public async Task CreateRouteTable_SameClientToken_ReturnsSameTable()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;

        var first = await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = "rt" });
        var second = await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = "rt" });

        Assert.Equal(first.RouteTable.RouteTableId, second.RouteTable.RouteTableId);
        Assert.Equal("rt", second.ClientToken);
    }

    [Fact]
    public async Task DescribeNatGateways_StateFilter_KeepsOnlyMatching()
    {
        var (natId, _) = await NatGatewayInPublicSubnet();

        var pending = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Filter("state", ["pending"])] })).NatGateways;
        var available = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Filter("state", ["available"])] })).NatGateways ?? [];

        Assert.Equal(natId, Assert.Single(pending).NatGatewayId);
        Assert.Empty(available);
    }

    [Fact]
    public async Task DetachInternetGateway_WhileNatGatewayMapsAddress_FailsWithDependencyViolation()
    {
        var (natId, _) = await NatGatewayInPublicSubnet();
        var nat = _sandbox.Cloud.DescribeNatGateways(SandboxHarness.Region, [natId]).Single();
        var igwId = _sandbox.Cloud.DescribeInternetGateways(SandboxHarness.Region).Single().Id;

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DetachInternetGatewayAsync(
            new DetachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = nat.VpcId }));

        Assert.Equal("DependencyViolation", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    private async Task<NatGatewayState> State(string natId) =>
        (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] })).NatGateways.Single().State;

    private async Task<(string NatId, string AllocationId)> NatGatewayInPublicSubnet()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        var subnetId = (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.0.0.0/24", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        var igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
        var allocationId = (await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc })).AllocationId;
        var nat = await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId, ClientToken = "token-1" });
        return (nat.NatGateway.NatGatewayId, allocationId);
    }
}
