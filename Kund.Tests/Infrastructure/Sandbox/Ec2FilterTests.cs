using Amazon.EC2;
using Amazon.EC2.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class Ec2FilterTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private string _vpcId = string.Empty;
    private string _subnetA = string.Empty;
    private string _subnetB = string.Empty;
    private string _igwId = string.Empty;
    private string _allocationId = string.Empty;
    private string _natId = string.Empty;

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task DescribeSubnets_AvailabilityZoneFilter_KeepsThatZone()
    {
        await Build();

        var subnets = (await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Ec2Filter("availability-zone", ["ap-northeast-2b"])] })).Subnets;

        Assert.Equal(_subnetB, Assert.Single(subnets).SubnetId);
    }

    [Fact]
    public async Task DescribeAddresses_AllocationIdAndDomainFilters_KeepTheAddress()
    {
        await Build();
        await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc });

        var addresses = (await Ec2.DescribeAddressesAsync(new DescribeAddressesRequest
        {
            Filters = [new Ec2Filter("allocation-id", [_allocationId]), new Ec2Filter("domain", ["vpc"])],
        })).Addresses;

        Assert.Equal(_allocationId, Assert.Single(addresses).AllocationId);
    }

    [Fact]
    public async Task DescribeInternetGateways_AttachmentVpcFilter_FindsAttachedGateway()
    {
        await Build();
        await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest());

        var gateways = (await Ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest
        {
            Filters = [new Ec2Filter("attachment.vpc-id", [_vpcId])],
        })).InternetGateways;

        Assert.Equal(_igwId, Assert.Single(gateways).InternetGatewayId);
    }

    [Fact]
    public async Task DescribeNatGateways_SubnetVpcAndIdFilters_AllMatch()
    {
        await Build();

        var bySubnet = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("subnet-id", [_subnetA])] })).NatGateways;
        var byVpc = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("vpc-id", [_vpcId])] })).NatGateways;
        var byId = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("nat-gateway-id", [_natId])] })).NatGateways;
        var otherSubnet = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("subnet-id", [_subnetB])] })).NatGateways ?? [];

        Assert.Equal(_natId, Assert.Single(bySubnet).NatGatewayId);
        Assert.Equal(_natId, Assert.Single(byVpc).NatGatewayId);
        Assert.Equal(_natId, Assert.Single(byId).NatGatewayId);
        Assert.Empty(otherSubnet);
    }

    [Fact]
    public async Task DescribeRouteTables_NatGatewayRouteFilterAndWildcardTag_FindTable()
    {
        await Build();
        var table = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest
        {
            VpcId = _vpcId,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.RouteTable, Tags = [new Amazon.EC2.Model.Tag("Name", "payments-private-a")] }],
        })).RouteTable.RouteTableId;
        await Ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = table, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = _natId });

        var byRoute = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Ec2Filter("route.nat-gateway-id", [_natId])] })).RouteTables;
        var byWildcard = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Ec2Filter("tag:Name", ["payments-*"])] })).RouteTables;

        Assert.Equal(table, Assert.Single(byRoute).RouteTableId);
        Assert.Equal(table, Assert.Single(byWildcard).RouteTableId);
    }

    [Fact]
    public async Task DescribeVpcs_UnknownFilterName_FailsWithInvalidParameterValue()
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter("colour", ["blue"])] }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task Describe_OwnerIdFilter_DocumentedSoServedForTheAccount()
    {
        await Build();

        var vpcs = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter("owner-id", [_sandbox.Cloud.AccountId])] })).Vpcs;
        var subnets = (await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Ec2Filter("owner-id", [_sandbox.Cloud.AccountId]), new Ec2Filter("vpc-id", [_vpcId])] })).Subnets;
        var gateways = (await Ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [new Ec2Filter("owner-id", [_sandbox.Cloud.AccountId])] })).InternetGateways;
        var otherAccount = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Ec2Filter("owner-id", ["999999999999"])] })).RouteTables ?? [];

        Assert.Equal(_vpcId, Assert.Single(vpcs).VpcId);
        Assert.Equal(2, subnets.Count);
        Assert.Equal(_igwId, Assert.Single(gateways).InternetGatewayId);
        Assert.Empty(otherAccount);
    }

    [Theory]
    [InlineData("cidr-block")]
    [InlineData("instance-tenancy")]
    public async Task DescribeVpcs_FilterOnlySubnetsDocument_FailsWithInvalidParameterValue(string name)
    {
        await Build();

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter(name, ["10.0.0.0/16"])] }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeNatGateways_OwnerIdFilter_NotDocumentedSoRefused()
    {
        await Build();

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("owner-id", [_sandbox.Cloud.AccountId])] }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    private async Task Build()
    {
        _vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        _subnetA = (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = _vpcId, CidrBlock = "10.0.0.0/24", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        _subnetB = (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = _vpcId, CidrBlock = "10.0.1.0/24", AvailabilityZone = "ap-northeast-2b" })).Subnet.SubnetId;
        _igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = _igwId, VpcId = _vpcId });
        _allocationId = (await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc })).AllocationId;
        _natId = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = _subnetA, AllocationId = _allocationId })).NatGateway.NatGatewayId;
    }
}
