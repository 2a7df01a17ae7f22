using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class Ec2NetworkTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task CreateVpc_WithTagsAndAttributes_RoundTripsThroughDescribe()
    {
        var vpc = (await Ec2.CreateVpcAsync(new CreateVpcRequest
        {
            CidrBlock = "10.3.0.0/16",
            TagSpecifications = [Tags(ResourceType.Vpc, ("kund:env", "payments-dev"), ("Name", "payments"))],
        })).Vpc;
        await Ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = true });

        var described = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest
        {
            Filters = [new Ec2Filter("tag:kund:env", ["payments-dev"])],
        })).Vpcs.Single();
        var hostnames = await Ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsHostnames });
        var support = await Ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsSupport });

        Assert.Matches("^vpc-[0-9a-f]{17}$", vpc.VpcId);
        Assert.Equal(vpc.VpcId, described.VpcId);
        Assert.Equal("10.3.0.0/16", described.CidrBlock);
        Assert.Equal(VpcState.Available, described.State);
        Assert.Equal(Tenancy.Default, described.InstanceTenancy);
        Assert.Contains(described.Tags, t => t.Key == "Name" && t.Value == "payments");
        Assert.True(hostnames.EnableDnsHostnames);
        Assert.True(support.EnableDnsSupport);
    }

    [Fact]
    public async Task DescribeVpcs_TagFilterOfOtherValue_ReturnsNothing()
    {
        await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16", TagSpecifications = [Tags(ResourceType.Vpc, ("team", "a"))] });
        await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.1.0.0/16", TagSpecifications = [Tags(ResourceType.Vpc, ("team", "b"))] });

        var teamB = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter("tag:team", ["b"])] })).Vpcs;
        var tagged = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter("tag-key", ["team"])] })).Vpcs;
        var none = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Ec2Filter("tag:team", ["c"])] })).Vpcs ?? [];

        Assert.Equal("10.1.0.0/16", Assert.Single(teamB).CidrBlock);
        Assert.Equal(2, tagged.Count);
        Assert.Empty(none);
    }

    [Fact]
    public async Task FullNetwork_CreatedThroughSdk_DescribesConsistently()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.3.0.0/16" })).Vpc.VpcId;
        var publicA = await Subnet(vpcId, "10.3.0.0/20", "ap-northeast-2a");
        var privateA = await Subnet(vpcId, "10.3.32.0/20", "ap-northeast-2a");
        await Ec2.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = publicA, MapPublicIpOnLaunch = true });
        var igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
        var eip = await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc });
        var nat = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = publicA, AllocationId = eip.AllocationId, ClientToken = "nat-1" })).NatGateway;
        var publicRt = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = "rt-public" })).RouteTable.RouteTableId;
        var privateRt = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = "rt-private" })).RouteTable.RouteTableId;
        await Ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = publicRt, DestinationCidrBlock = "0.0.0.0/0", GatewayId = igwId });
        await Ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = privateRt, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = nat.NatGatewayId });
        var association = (await Ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = privateRt, SubnetId = privateA })).AssociationId;

        var subnets = (await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Ec2Filter("vpc-id", [vpcId])] })).Subnets;
        var igw = (await Ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { InternetGatewayIds = [igwId] })).InternetGateways.Single();
        var address = (await Ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [eip.AllocationId] })).Addresses.Single();
        var byAssociation = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
        {
            Filters = [new Ec2Filter("association.subnet-id", [privateA])],
        })).RouteTables.Single();
        var tables = (await Ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Ec2Filter("vpc-id", [vpcId])] })).RouteTables;
        var natDescribed = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [nat.NatGatewayId] })).NatGateways.Single();

        Assert.Equal(2, subnets.Count);
        Assert.True(subnets.Single(s => s.SubnetId == publicA).MapPublicIpOnLaunch);
        Assert.Equal(4091, subnets.Single(s => s.SubnetId == privateA).AvailableIpAddressCount);
        Assert.Equal("ap-northeast-2a", subnets[0].AvailabilityZone);
        Assert.Equal(vpcId, igw.Attachments.Single().VpcId);
        Assert.Equal("available", igw.Attachments.Single().State.Value);
        Assert.Matches("^eipalloc-[0-9a-f]{17}$", eip.AllocationId);
        Assert.StartsWith("eipassoc-", address.AssociationId, StringComparison.Ordinal);
        Assert.Equal(natDescribed.NatGatewayAddresses.Single().NetworkInterfaceId, address.NetworkInterfaceId);
        Assert.Equal(privateRt, byAssociation.RouteTableId);
        Assert.Equal(association, byAssociation.Associations.Single().RouteTableAssociationId);
        Assert.Contains(byAssociation.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == nat.NatGatewayId);
        Assert.Contains(byAssociation.Routes, r => r.GatewayId == "local" && r.DestinationCidrBlock == "10.3.0.0/16");
        Assert.Equal(3, tables.Count);
        Assert.Single(tables, t => (t.Associations ?? []).Any(a => a.Main == true));
        Assert.Equal(NatGatewayState.Pending, natDescribed.State);
        Assert.Equal(eip.PublicIp, natDescribed.NatGatewayAddresses.Single().PublicIp);
    }

    [Fact]
    public async Task CreateSubnet_OutsideVpc_FailsWithInvalidSubnetRange()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.3.0.0/16" })).Vpc.VpcId;

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Subnet(vpcId, "10.4.0.0/20", "ap-northeast-2a"));

        Assert.Equal("InvalidSubnet.Range", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CreateSubnet_OverlappingAnother_FailsWithInvalidSubnetConflict()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.3.0.0/16" })).Vpc.VpcId;
        await Subnet(vpcId, "10.3.0.0/20", "ap-northeast-2a");

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Subnet(vpcId, "10.3.8.0/24", "ap-northeast-2b"));

        Assert.Equal("InvalidSubnet.Conflict", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task DeleteVpc_WithSubnetOrAttachedGateway_FailsWithDependencyViolationUntilRemoved()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.3.0.0/16" })).Vpc.VpcId;
        var subnetId = await Subnet(vpcId, "10.3.0.0/20", "ap-northeast-2a");
        var igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });

        var vpcError = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpcId }));
        var igwError = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = igwId }));
        await Ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId });
        await Ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
        await Ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = igwId });
        await Ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpcId });

        Assert.Equal("DependencyViolation", vpcError.ErrorCode);
        Assert.Equal("DependencyViolation", igwError.ErrorCode);
        Assert.Empty(_sandbox.Cloud.Inventory());
    }

    [Fact]
    public async Task DescribeVpcs_UnknownId_FailsWithInvalidVpcIdNotFound()
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0123456789abcdef0"] }));

        Assert.Equal("InvalidVpcID.NotFound", error.ErrorCode);
        Assert.Contains("vpc-0123456789abcdef0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateVpc_PastRegionQuota_FailsWithVpcLimitExceeded()
    {
        for (var i = 0; i < 5; i++)
        {
            await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = $"10.{i}.0.0/16" });
        }

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.9.0.0/16" }));

        Assert.Equal("VpcLimitExceeded", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CreateVpc_QuotaRaisedInOptions_AllowsMore()
    {
        using var sandbox = new SandboxHarness(o => o.VpcLimitPerRegion = 7);
        for (var i = 0; i < 7; i++)
        {
            await sandbox.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = $"10.{i}.0.0/16" });
        }

        Assert.Equal(7, sandbox.Cloud.DescribeVpcs(SandboxHarness.Region).Count);
    }

    [Fact]
    public async Task AllocateAddress_PastRegionQuota_FailsWithAddressLimitExceeded()
    {
        for (var i = 0; i < 5; i++)
        {
            await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc });
        }

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc }));

        Assert.Equal("AddressLimitExceeded", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteTags_ByKey_RemovesOnlyThatTag()
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.3.0.0/16" })).Vpc.VpcId;
        await Ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [vpcId], Tags = [new Ec2Tag("a", "1"), new Ec2Tag("b", "2")] });
        await Ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [vpcId], Tags = [new Ec2Tag { Key = "a" }] });

        var tags = (await Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] })).Vpcs.Single().Tags;

        Assert.Equal("b", Assert.Single(tags).Key);
    }

    [Fact]
    public async Task DescribeAvailabilityZonesAndRegions_ListSandboxGeography()
    {
        var zones = (await Ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest())).AvailabilityZones;
        var regions = (await Ec2.DescribeRegionsAsync(new DescribeRegionsRequest())).Regions;

        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"], zones.Select(z => z.ZoneName));
        Assert.Equal("apne2-az1", zones[0].ZoneId);
        Assert.Equal(["ap-northeast-2", "us-east-1", "eu-west-1"], regions.Select(r => r.RegionName));
    }

    private async Task<string> Subnet(string vpcId, string cidr, string zone) =>
        (await Ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = cidr, AvailabilityZone = zone })).Subnet.SubnetId;

    private static TagSpecification Tags(ResourceType type, params (string Key, string Value)[] tags) =>
        new() { ResourceType = type, Tags = [.. tags.Select(t => new Ec2Tag(t.Key, t.Value))] };
}
