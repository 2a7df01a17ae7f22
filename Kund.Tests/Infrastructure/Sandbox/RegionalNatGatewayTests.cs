using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>
/// A regional NAT gateway in the sandbox, through AWSSDK.EC2: created with a VPC and no subnet, it holds an
/// address of its own in each zone where the VPC has subnets, which the caller cannot release, and which go
/// back when it is deleted; its parameters are refused as AWS refuses them.
/// </summary>
public sealed class RegionalNatGatewayTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new(o => o.TimeScale = 2);

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Create_InVpcWithSubnetsInTwoZones_AvailableWithAnAddressPerZoneAndNoSubnet()
    {
        var vpcId = await VpcAsync(internetGateway: true, "ap-northeast-2a", "ap-northeast-2b");

        var created = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = AvailabilityMode.Regional, ClientToken = "regional-1" })).NatGateway;
        _sandbox.Advance(TimeSpan.FromSeconds(46));
        var nat = await DescribeAsync(created.NatGatewayId);

        Assert.Equal(NatGatewayState.Available, nat.State);
        Assert.Equal(AvailabilityMode.Regional, nat.AvailabilityMode);
        Assert.Equal(vpcId, nat.VpcId);
        Assert.Null(nat.SubnetId);
        Assert.Equal(AutoProvisionZonesState.Enabled, nat.AutoProvisionZones);
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b"], nat.NatGatewayAddresses.Select(a => a.AvailabilityZone));
        var addresses = (await Ec2.DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses;
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.Contains(nat.NatGatewayAddresses, n => n.AllocationId == a.AllocationId && n.AssociationId == a.AssociationId));

        // The same token returns the same gateway; a zonal gateway still says zonal.
        var again = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = AvailabilityMode.Regional, ClientToken = "regional-1" })).NatGateway;
        Assert.Equal(created.NatGatewayId, again.NatGatewayId);
    }

    [Fact]
    public async Task Addresses_CannotBeReleasedWhileItLives_AndGoWhenItIsDeleted()
    {
        var vpcId = await VpcAsync(internetGateway: true, "ap-northeast-2a", "ap-northeast-2b");
        var natId = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = AvailabilityMode.Regional })).NatGateway.NatGatewayId;
        _sandbox.Advance(TimeSpan.FromSeconds(46));
        var allocationId = (await DescribeAsync(natId)).NatGatewayAddresses[0].AllocationId;

        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }));
        await Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natId });
        _sandbox.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(SandboxCloud.AddressHeldByNatGatewayCode, refused.ErrorCode);
        Assert.Equal(NatGatewayState.Deleted, (await DescribeAsync(natId)).State);
        Assert.Empty((await Ec2.DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses ?? []);
        Assert.DoesNotContain(_sandbox.Cloud.Inventory(), r => r.Kind == ResourceKind.ElasticIp);
    }

    [Fact]
    public async Task Create_InVpcWithoutInternetGateway_FailsWithGatewayNotAttachedAndTakesNoAddress()
    {
        var vpcId = await VpcAsync(internetGateway: false, "ap-northeast-2a");

        var natId = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = AvailabilityMode.Regional })).NatGateway.NatGatewayId;
        _sandbox.Advance(TimeSpan.FromMinutes(1));
        var nat = await DescribeAsync(natId);

        Assert.Equal(NatGatewayState.Failed, nat.State);
        Assert.Equal("Gateway.NotAttached", nat.FailureCode);
        Assert.Empty((await Ec2.DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses ?? []);
    }

    [Fact]
    public async Task Create_WithoutVpcOrWithASubnetOrAnotherMode_IsRefusedNamingTheParameter()
    {
        var vpcId = await VpcAsync(internetGateway: true, "ap-northeast-2a");
        var subnetId = _sandbox.Cloud.DescribeSubnets(SandboxHarness.Region).Single().Id;

        var noVpc = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { AvailabilityMode = AvailabilityMode.Regional }));
        var withSubnet = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, SubnetId = subnetId, AvailabilityMode = AvailabilityMode.Regional }));
        var otherMode = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = new AvailabilityMode("global") }));

        Assert.Equal(("MissingParameter", true), (noVpc.ErrorCode, noVpc.Message.Contains("VpcId", StringComparison.Ordinal)));
        Assert.Equal(("InvalidParameterCombination", true), (withSubnet.ErrorCode, withSubnet.Message.Contains("SubnetId", StringComparison.Ordinal)));
        Assert.Equal(("InvalidParameterValue", true), (otherMode.ErrorCode, otherMode.Message.Contains("global", StringComparison.Ordinal)));
        Assert.Empty(_sandbox.Cloud.DescribeNatGateways(SandboxHarness.Region));
    }

    private async Task<NatGateway> DescribeAsync(string natId) =>
        (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [natId] })).NatGateways.Single();

    private async Task<string> VpcAsync(bool internetGateway, params string[] zones)
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        for (var i = 0; i < zones.Length; i++)
        {
            await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = $"10.0.{i}.0/24", AvailabilityZone = zones[i] });
        }

        if (internetGateway)
        {
            var igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
            await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
        }

        return vpcId;
    }
}
