using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Teardown;

/// <summary>A destroy meeting something in its subnets that is not Kund's to delete.</summary>
public class DestroyBlockedTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Region = "ap-northeast-2";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Destroy_ForeignLoadBalancerInTheSubnets_StopsWithBlockedBy()
    {
        var id = await app.ApproveAsync("lb-foreign");
        var ready = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var cloud = app.Cloud();
        var foreign = cloud.CreateKubernetesLoadBalancer(Region, "someone-elses-cluster", [ready.Outputs.SubnetIds["private-a"]]);

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
        var failed = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        var subnet = failed.Resources.Single(r => r.Key == ResourceKeys.Subnet("private-a"));
        Assert.Equal(ResourceState.Failed, subnet.State);
        Assert.Equal($"blocked by {foreign.Arn} (load balancer)", subnet.Error);
        Assert.Contains(cloud.DescribeLoadBalancers(Region), b => b.Arn == foreign.Arn);
        cloud.DeleteLoadBalancer(Region, foreign.Arn);
    }
}
