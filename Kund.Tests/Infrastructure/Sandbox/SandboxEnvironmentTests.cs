using System.Net;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Resources;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>Whole environments built and torn down in parallel, phase by phase, with time moved between phases.</summary>
public sealed class SandboxEnvironmentTests : IDisposable
{
    private const string Region = SandboxHarness.Region;
    private const string ClusterPolicy = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly SandboxHarness _sandbox = new(o =>
    {
        o.VpcLimitPerRegion = 100;
        o.AddressLimitPerRegion = 100;
        o.ThrottlingEnabled = false;
    });

    private AmazonEC2Client Ec2 => _sandbox.Ec2;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task TwentyEnvironments_CreatedAndDestroyedInParallel_LeaveOnlyDeletedNatGateways()
    {
        var envs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CreateNetworkAndRole($"env-{i}", i)));
        _sandbox.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(envs.Select(CreateCluster));
        _sandbox.Advance(TimeSpan.FromMinutes(10));

        var tagged = (await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Ec2Filter("tag-key", ["kund:env"])] })).Subnets;
        var available = (await Ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("state", ["available"])] })).NatGateways;
        var active = envs.Select(e => _sandbox.Cloud.DescribeCluster(Region, e.Name).StatusAt(_sandbox.Cloud.Now, _sandbox.Cloud.Timings)).ToList();

        await Task.WhenAll(envs.Select(DestroyFirstWave));
        _sandbox.Advance(TimeSpan.FromMinutes(8));
        await Task.WhenAll(envs.Select(DestroySecondWave));

        Assert.Equal(80, tagged.Count);
        Assert.Equal(20, available.Count);
        Assert.All(active, status => Assert.Equal("ACTIVE", status));
        Assert.All(_sandbox.Cloud.Inventory(), r => Assert.Equal((ResourceKind.NatGateway, "deleted"), (r.Kind, r.State)));
    }

    private async Task<Env> CreateNetworkAndRole(string name, int index)
    {
        var vpcId = (await Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = $"10.{index}.0.0/16", TagSpecifications = [Tags(ResourceType.Vpc, name)] })).Vpc.VpcId;
        var subnets = (await Task.WhenAll(new[] { (0, "a"), (16, "b"), (32, "a"), (48, "b") }.Select(s => Ec2.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = vpcId,
            CidrBlock = $"10.{index}.{s.Item1}.0/20",
            AvailabilityZone = $"{Region}{s.Item2}",
            TagSpecifications = [Tags(ResourceType.Subnet, name)],
        })))).Select(r => r.Subnet.SubnetId).ToList();
        var igwId = (await Ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
        await Ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = igwId, VpcId = vpcId });
        var allocationId = (await Ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc })).AllocationId;
        var natId = (await Ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = subnets[0], AllocationId = allocationId, ClientToken = $"{name}-nat" })).NatGateway.NatGatewayId;
        var publicRt = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = $"{name}-public" })).RouteTable.RouteTableId;
        var privateRt = (await Ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpcId, ClientToken = $"{name}-private" })).RouteTable.RouteTableId;
        await Ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = publicRt, DestinationCidrBlock = "0.0.0.0/0", GatewayId = igwId });
        await Ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = privateRt, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = natId });
        var associations = await Task.WhenAll(subnets.Select((subnet, i) => Ec2.AssociateRouteTableAsync(
            new AssociateRouteTableRequest { RouteTableId = i < 2 ? publicRt : privateRt, SubnetId = subnet })));

        var role = $"{name}-eks-cluster";
        Ok(await _sandbox.Iam(("Action", "CreateRole"), ("RoleName", role), ("AssumeRolePolicyDocument", EksTrust)));
        Ok(await _sandbox.Iam(("Action", "AttachRolePolicy"), ("RoleName", role), ("PolicyArn", ClusterPolicy)));
        return new Env(name, role, vpcId, subnets, igwId, allocationId, natId, [publicRt, privateRt], [.. associations.Select(a => a.AssociationId)]);
    }

    private async Task CreateCluster(Env env)
    {
        var body = new JsonObject
        {
            ["name"] = env.Name,
            ["roleArn"] = $"arn:aws:iam::{_sandbox.Cloud.AccountId}:role/{env.Role}",
            ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray(env.Subnets[2], env.Subnets[3]) },
        };
        Ok(await _sandbox.Eks(HttpMethod.Post, "/clusters", body.ToJsonString()));
    }

    private async Task DestroyFirstWave(Env env)
    {
        Ok(await _sandbox.Eks(HttpMethod.Delete, $"/clusters/{env.Name}"));
        await Ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = env.NatId });
        foreach (var association in env.Associations)
        {
            await Ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association });
        }

        foreach (var table in env.RouteTables)
        {
            await Ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = table });
        }

        Ok(await _sandbox.Iam(("Action", "DetachRolePolicy"), ("RoleName", env.Role), ("PolicyArn", ClusterPolicy)));
        Ok(await _sandbox.Iam(("Action", "DeleteRole"), ("RoleName", env.Role)));
    }

    private async Task DestroySecondWave(Env env)
    {
        await Ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = env.AllocationId });
        await Ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = env.IgwId, VpcId = env.VpcId });
        await Ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = env.IgwId });
        await Task.WhenAll(env.Subnets.Select(subnet => Ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet })));
        await Ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = env.VpcId });
    }

    private static TagSpecification Tags(ResourceType type, string env) => new() { ResourceType = type, Tags = [new Ec2Tag("kund:env", env)] };

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private sealed record Env(
        string Name, string Role, string VpcId, List<string> Subnets, string IgwId, string AllocationId, string NatId,
        List<string> RouteTables, List<string> Associations);
}
