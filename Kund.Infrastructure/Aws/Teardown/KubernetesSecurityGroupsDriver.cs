using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// Deletes the security groups Kubernetes made for the cluster's load balancers once AWS has released the
/// load balancers' interfaces. Until then the step waits (a retry within <see cref="ReleaseWindow"/>); an
/// interface held by something alive that is not Kund's stops it with "blocked by".
/// </summary>
public sealed class KubernetesSecurityGroupsDriver(AwsClients clients) : TeardownDriver
{
    /// <summary>AWS releases a deleted load balancer's interfaces within minutes; beyond this something else holds them.</summary>
    public static readonly TimeSpan ReleaseWindow = TimeSpan.FromMinutes(15);

    public override ResourceKind Kind => ResourceKind.KubernetesSecurityGroups;

    protected override async Task<CloudResource?> FindLeftAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<KubernetesLeftoversDesired>();
        var vpcId = VpcIdOf(context, desired);
        if (vpcId is null)
        {
            return null;
        }

        var ec2 = clients.Ec2(context.Environment.Region);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var filters in KubernetesLeftovers.SecurityGroupFilters(desired.ClusterName, vpcId))
        {
            var response = await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = filters }, cancellationToken);
            ids.UnionWith((response.SecurityGroups ?? []).Select(g => g.GroupId));
        }

        return ids.Count == 0 ? null : Found($"{KubernetesLeftovers.OwnedClusterTag(desired.ClusterName)}=owned", ids);
    }

    protected override async Task RemoveAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var region = context.Environment.Region;
        var ec2 = clients.Ec2(region);
        var groups = Ids(resource);
        if (groups.Count == 0)
        {
            return;
        }

        var interfaces = (await ec2.DescribeNetworkInterfacesAsync(
            new DescribeNetworkInterfacesRequest { Filters = [new Filter("group-id", [.. groups])] }, cancellationToken)).NetworkInterfaces ?? [];
        if (interfaces.Count > 0)
        {
            var balancers = await KubernetesLeftovers.LoadBalancersAsync(clients.Elbv2(region), cancellationToken);
            foreach (var networkInterface in interfaces)
            {
                var name = KubernetesLeftovers.LoadBalancerNameOf(networkInterface);
                if (name is null)
                {
                    throw Blocked(networkInterface.NetworkInterfaceId, "network interface");
                }

                if (balancers.FirstOrDefault(b => b.Balancer.LoadBalancerName == name) is { Balancer: { } live })
                {
                    throw Blocked(live.LoadBalancerArn, "load balancer");
                }
            }

            throw new CloudOperationException(
                CloudErrorKind.NotYetConsistent,
                "InterfacesNotReleased",
                $"Waiting for AWS to release {string.Join(", ", interfaces.Select(i => i.NetworkInterfaceId))} of deleted load balancers.",
                retryWindow: ReleaseWindow);
        }

        foreach (var group in groups)
        {
            await NotFound.IgnoreAsync(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group }, cancellationToken), "InvalidGroup.NotFound");
        }
    }

    private static CloudOperationException Blocked(string id, string kind) =>
        new(CloudErrorKind.Permanent, DeletionBlockers.BlockedCode, $"blocked by {id} ({kind})");
}
