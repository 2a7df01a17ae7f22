using Kund.Domain.Resources;
using Kund.Domain.Execution;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// Deletes the load balancers Kubernetes made for the cluster, after the cluster is gone (its controllers
/// would otherwise make them again). Their interfaces go a few minutes later; the security-group step waits for that.
/// </summary>
public sealed class KubernetesLoadBalancersDriver(AwsClients clients) : TeardownDriver
{
    public override ResourceKind Kind => ResourceKind.KubernetesLoadBalancers;

    protected override async Task<CloudResource?> FindLeftAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<KubernetesLeftoversDesired>();
        var vpcId = VpcIdOf(context, desired);
        if (vpcId is null)
        {
            return null;
        }

        var balancers = await KubernetesLeftovers.LoadBalancersOfAsync(clients.Elbv2(context.Environment.Region), desired.ClusterName, vpcId, cancellationToken);
        return balancers.Count == 0 ? null : Found($"{KubernetesLeftovers.ControllerClusterTag}={desired.ClusterName}", [.. balancers.Select(b => b.LoadBalancerArn)]);
    }

    protected override async Task RemoveAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var elbv2 = clients.Elbv2(context.Environment.Region);
        foreach (var arn in Ids(resource))
        {
            await elbv2.DeleteLoadBalancerAsync(arn, cancellationToken);
        }
    }
}
