using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Elbv2;
using Kund.Infrastructure.Aws.Tagging;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Model;
using Kund.Tests.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Teardown;

/// <summary>Kund's ELBv2 and Tagging clients over the sandbox, and what a load balancer Kubernetes made does to a teardown.</summary>
public sealed class KubernetesLeftoversWireTests : IDisposable
{
    private const string Region = SandboxHarness.Region;
    private readonly SandboxHarness _sandbox = new();
    private readonly AwsClients _clients;

    public KubernetesLeftoversWireTests()
    {
        _clients = new AwsClients(
            new AwsOptions { Region = Region, Mode = KundMode.Sandbox, MaxAttempts = 1 },
            new AwsTransport(MessageHandler: new SandboxHttpHandler(_sandbox.Cloud)),
            _sandbox.Time,
            new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }

    public void Dispose()
    {
        _clients.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task LoadBalancer_KubernetesMade_ListedByElbv2AndTaggingWithItsInterfaces()
    {
        var (vpc, subnets) = Network();
        var balancer = _sandbox.Cloud.CreateKubernetesLoadBalancer(Region, "shop", [.. subnets.Select(s => s.Id)]);

        var page = await _clients.Elbv2(Region).DescribeLoadBalancersAsync();
        var tags = await _clients.Elbv2(Region).DescribeTagsAsync([balancer.Arn]);
        var tagged = await _clients.Tagging(Region).GetAllResourcesAsync([new TagFilter("elbv2.k8s.aws/cluster", ["shop"])]);
        var interfaces = await _clients.Ec2(Region).DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("vpc-id", [vpc.Id])] });

        var listed = Assert.Single(page.LoadBalancers);
        Assert.Equal((balancer.Arn, vpc.Id, "network"), (listed.LoadBalancerArn, listed.VpcId, listed.Type));
        Assert.Equal(subnets.Select(s => s.Id).Order(), listed.SubnetIds.Order());
        Assert.Null(page.NextMarker);
        Assert.Equal("owned", Assert.Single(tags).Tags["kubernetes.io/cluster/shop"]);
        Assert.Equal(2, tagged.Count);
        Assert.Contains(tagged, t => t.ResourceArn == balancer.Arn && t.Service == "elasticloadbalancing");
        Assert.Contains(tagged, t => t.Service == "ec2" && t.CloudId == listed.SecurityGroupIds[0]);
        Assert.Equal(2, interfaces.NetworkInterfaces.Count);
        Assert.All(interfaces.NetworkInterfaces, i => Assert.StartsWith("ELB net/", i.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_WhileKubernetesLeftoversExist_DependencyViolationUntilInterfacesReleased()
    {
        var (vpc, subnets) = Network();
        var balancer = _sandbox.Cloud.CreateKubernetesLoadBalancer(Region, "shop", [.. subnets.Select(s => s.Id)]);
        var group = balancer.SecurityGroupIds[0];
        var ec2 = _clients.Ec2(Region);

        var subnetRefused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnets[0].Id }));
        await _clients.Elbv2(Region).DeleteLoadBalancerAsync(balancer.Arn);
        await _clients.Elbv2(Region).DeleteLoadBalancerAsync(balancer.Arn);
        var groupRefused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group }));
        var lingering = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("group-id", [group])] });

        _sandbox.Advance(_sandbox.Cloud.InterfaceReleaseLag);
        var released = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("group-id", [group])] });
        var vpcRefused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.Id }));
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group });
        foreach (var subnet in subnets)
        {
            await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet.Id });
        }

        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.Id });

        Assert.Equal("DependencyViolation", subnetRefused.ErrorCode);
        Assert.Equal("DependencyViolation", groupRefused.ErrorCode);
        Assert.Equal(2, lingering.NetworkInterfaces.Count);
        Assert.Empty(released.NetworkInterfaces ?? []);
        Assert.Equal("DependencyViolation", vpcRefused.ErrorCode);
        Assert.Empty(_sandbox.Cloud.DescribeVpcs(Region));
        Assert.Empty((await _clients.Elbv2(Region).DescribeLoadBalancersAsync()).LoadBalancers);
    }

    [Fact]
    public async Task DescribeLoadBalancers_UnknownArn_LoadBalancerNotFound()
    {
        var error = await Assert.ThrowsAsync<Elbv2ServiceException>(() =>
            _clients.Elbv2(Region).DescribeLoadBalancersAsync(["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/none/0123456789abcdef"]));

        Assert.Equal("LoadBalancerNotFound", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task GetResources_MoreThanAPage_FollowsPaginationToken()
    {
        var vpc = _sandbox.Cloud.CreateVpc(Region, "10.9.0.0/16", null, new Dictionary<string, string> { ["team"] = "blue" });
        for (var i = 0; i < 120; i++)
        {
            _sandbox.Cloud.CreateSubnet(Region, vpc.Id, $"10.9.{i}.0/24", "ap-northeast-2a", null, new Dictionary<string, string> { ["team"] = "blue" });
        }

        var first = await _clients.Tagging(Region).GetResourcesAsync([new TagFilter("team", ["blue"])]);
        var all = await _clients.Tagging(Region).GetAllResourcesAsync([new TagFilter("team", ["blue"])]);
        var none = await _clients.Tagging(Region).GetAllResourcesAsync([new TagFilter("team", ["red"])]);

        Assert.Equal(100, first.Resources.Count);
        Assert.NotNull(first.PaginationToken);
        Assert.Equal(121, all.Select(r => r.ResourceArn).Distinct().Count());
        Assert.Contains(all, r => r.CloudId == vpc.Id);
        Assert.Empty(none);
    }

    [Fact]
    public async Task GetResources_UnknownTarget_UnknownOperation()
    {
        using var request = SandboxHarness.Signed(HttpMethod.Post, $"https://tagging.{Region}.amazonaws.com/", "tagging", Region, new StringContent("{}"));
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.TagResources");

        using var response = await _sandbox.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UnknownOperationException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeardownCheck_InterfaceLeftInTheEnvironmentsVpc_FailsWithLeftNamingEachThenPassesOnceGone()
    {
        var environment = Guid.NewGuid();
        var vpc = _sandbox.Cloud.CreateVpc(Region, "10.8.0.0/16", null, new Dictionary<string, string> { [Kund.Infrastructure.Aws.Drivers.KundTags.EnvironmentTag] = environment.ToString("D") });
        var subnet = _sandbox.Cloud.CreateSubnet(Region, vpc.Id, "10.8.0.0/20", "ap-northeast-2a", null);
        var eni = _sandbox.Cloud.CreateNetworkInterface(Region, subnet.Id);
        var driver = new Kund.Infrastructure.Aws.Teardown.TeardownCheckDriver(_clients);
        var context = new Kund.Domain.Execution.ResourceContext(
            new Kund.Domain.Execution.EnvironmentRef(environment, "left", Region, new Dictionary<string, string>()),
            new Kund.Domain.Resources.ResourceNode(Kund.Domain.Planning.DestroyGraph.CheckKey, Kund.Domain.Resources.ResourceKind.TeardownCheck, [], new Kund.Domain.Resources.TeardownCheckDesired(null)),
            new Dictionary<string, Kund.Domain.Resources.CloudResource>());
        var step = await driver.FindForDeleteAsync(context, CancellationToken.None);

        var failed = await Assert.ThrowsAsync<Kund.Domain.Execution.CloudOperationException>(() => driver.DeleteAsync(context, step!, CancellationToken.None));

        Assert.StartsWith("left: ", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"{eni.Id} (network-interface)", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"{subnet.Id} (subnet)", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"{vpc.Id} (vpc)", failed.Message, StringComparison.Ordinal);
        var ec2 = _clients.Ec2(Region);
        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet.Id }));
        Assert.Equal("DependencyViolation", refused.ErrorCode);

        _sandbox.Cloud.DeleteNetworkInterface(Region, eni.Id);
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet.Id });
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.Id });
        await driver.DeleteAsync(context, step!, CancellationToken.None);
        Assert.Empty(await Kund.Infrastructure.Aws.Teardown.TeardownCheckDriver.LeftAsync(_clients, Region, environment.ToString("D"), null, CancellationToken.None));
    }

    private (SandboxVpc Vpc, List<SandboxSubnet> Subnets) Network()
    {
        var vpc = _sandbox.Cloud.CreateVpc(Region, "10.7.0.0/16", null);
        List<SandboxSubnet> subnets =
        [
            _sandbox.Cloud.CreateSubnet(Region, vpc.Id, "10.7.0.0/20", "ap-northeast-2a", null),
            _sandbox.Cloud.CreateSubnet(Region, vpc.Id, "10.7.16.0/20", "ap-northeast-2b", null),
        ];
        return (vpc, subnets);
    }
}
