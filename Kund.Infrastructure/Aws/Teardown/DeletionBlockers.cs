using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Elbv2;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// Why AWS refuses to delete a subnet or a VPC (<c>DependencyViolation</c>), told apart: an interface a
/// deleted load balancer or NAT gateway still holds is AWS's lag and worth waiting for; anything else in it
/// — a live load balancer, an instance's interface, a security group — is not Kund's to delete, and the node
/// stops at once with "blocked by &lt;id&gt; (&lt;kind&gt;)" rather than retrying until its deadline.
/// </summary>
public static class DeletionBlockers
{
    public const string BlockedCode = "BlockedByForeignResource";

    /// <summary>Runs <paramref name="delete"/>; on a lingering dependency, throws a permanent "blocked by" when something foreign is in the way.</summary>
    public static async Task DeleteAsync(AwsClients clients, string region, string scopeFilter, string scopeId, Func<Task> delete, CancellationToken cancellationToken)
    {
        try
        {
            await delete();
        }
        catch (CloudOperationException error) when (error.Code == "DependencyViolation")
        {
            if (await FindAsync(clients, region, scopeFilter, scopeId, cancellationToken) is { } blocker)
            {
                throw new CloudOperationException(CloudErrorKind.Permanent, BlockedCode, $"blocked by {blocker.Id} ({blocker.Kind})", error);
            }

            throw;
        }
    }

    /// <summary>The first thing in the subnet (<c>subnet-id</c>) or VPC (<c>vpc-id</c>) that is not going away by itself, or null.</summary>
    public static async Task<(string Id, string Kind)?> FindAsync(AwsClients clients, string region, string scopeFilter, string scopeId, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(region);
        var interfaces = (await ec2.DescribeNetworkInterfacesAsync(
            new DescribeNetworkInterfacesRequest { Filters = [new Filter(scopeFilter, [scopeId])] }, cancellationToken)).NetworkInterfaces ?? [];
        IReadOnlyList<(LoadBalancer Balancer, IReadOnlyDictionary<string, string> Tags)>? balancers = null;
        foreach (var networkInterface in interfaces)
        {
            if (networkInterface.Description?.StartsWith("Interface for NAT Gateway", StringComparison.Ordinal) == true)
            {
                continue;
            }

            if (KubernetesLeftovers.LoadBalancerNameOf(networkInterface) is { } name)
            {
                balancers ??= await KubernetesLeftovers.LoadBalancersAsync(clients.Elbv2(region), cancellationToken);
                if (balancers.FirstOrDefault(b => b.Balancer.LoadBalancerName == name) is { Balancer: { } live })
                {
                    return (live.LoadBalancerArn, "load balancer");
                }

                continue;
            }

            return (networkInterface.NetworkInterfaceId, "network interface");
        }

        if (scopeFilter == "vpc-id")
        {
            var groups = (await ec2.DescribeSecurityGroupsAsync(
                new DescribeSecurityGroupsRequest { Filters = [new Filter("vpc-id", [scopeId])] }, cancellationToken)).SecurityGroups ?? [];
            if (groups.FirstOrDefault(g => g.GroupName != "default") is { } group)
            {
                return (group.GroupId, "security group");
            }
        }

        return null;
    }
}
