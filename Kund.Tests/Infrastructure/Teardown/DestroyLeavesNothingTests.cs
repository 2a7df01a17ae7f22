using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Leftovers;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Teardown;

/// <summary>A destroy of a cluster that Kubernetes put load balancers next to, on the sandbox cloud.</summary>
public class DestroyLeavesNothingTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Region = "ap-northeast-2";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Destroy_ClusterWithKubernetesLoadBalancer_DestroyedWithNothingLeftAndTheCheckTimed()
    {
        var id = await app.ApproveAsync("lb-gone");
        var ready = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var cloud = app.Cloud();
        var vpcId = ready.Outputs.VpcId!;
        cloud.CreateKubernetesLoadBalancer(Region, "lb-gone", [ready.Outputs.SubnetIds["private-a"], ready.Outputs.SubnetIds["private-b"]]);

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
        var destroyed = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);

        Assert.True(destroyed.Status == EnvironmentStatus.Destroyed, $"{destroyed.Status}: {destroyed.FailureReason}; {string.Join(", ", destroyed.Resources.Where(r => r.Error is not null).Select(r => $"{r.Key}: {r.Error}"))}");
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceState.Deleted, r.State));
        Assert.Equal("elbv2.k8s.aws/cluster=lb-gone", destroyed.Resources.Single(r => r.Key == DestroyGraph.LoadBalancersKey).CloudId);
        var check = destroyed.Resources.Single(r => r.Key == DestroyGraph.CheckKey);
        Assert.NotNull(check.UpdatedAt);
        Assert.True(check.UpdatedAt >= destroyed.Resources.Where(r => r.Key != DestroyGraph.CheckKey).Max(r => r.UpdatedAt), "the check ran last");

        Assert.DoesNotContain(cloud.DescribeLoadBalancers(Region), b => b.VpcId == vpcId);
        Assert.DoesNotContain(cloud.DescribeSecurityGroups(Region), g => g.VpcId == vpcId);
        Assert.DoesNotContain(cloud.DescribeNetworkInterfaces(Region), e => e.VpcId == vpcId);
        Assert.DoesNotContain(cloud.DescribeVpcs(Region), v => v.Id == vpcId);
        var left = cloud.Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString()).ToList();
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        Assert.DoesNotContain(cloud.DescribeAddresses(Region), a => a.Tags.GetValueOrDefault("kund:environment") == id.ToString());
        var leftovers = await app.WithAsync<LeftoversService, LeftoversView>(l => l.ListAsync(Region, CancellationToken.None));
        Assert.Empty(leftovers.Items);
    }
}
