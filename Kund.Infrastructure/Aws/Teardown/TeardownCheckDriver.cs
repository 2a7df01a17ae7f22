using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Tagging;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// The last step of a destroy: proof that nothing of the environment is left. The Resource Groups Tagging API
/// lists whatever still carries the environment's tag (or the cluster's, for what Kubernetes made) across
/// services; EC2's own Describe calls confirm it for the VPC and the Elastic IPs, since the tagging index can
/// lag behind, and a NAT gateway still listed there but <c>deleted</c> is gone. A VPC of the environment still
/// there has its dependents described too (subnets, interfaces, security groups other than the default, NAT
/// gateways, load balancers), tagged or not. Anything found fails the step with "left: &lt;id&gt; (&lt;kind&gt;), …".
/// The step's recorded time is when the check passed.
/// </summary>
public sealed class TeardownCheckDriver(AwsClients clients) : TeardownDriver
{
    /// <summary>How long a leftover is worth looking at again (the tagging index catching up) before the check fails.</summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromMinutes(5);

    public override ResourceKind Kind => ResourceKind.TeardownCheck;

    protected override Task<CloudResource?> FindLeftAsync(ResourceContext context, CancellationToken cancellationToken) =>
        Task.FromResult<CloudResource?>(new CloudResource(KundTags.EnvironmentValue(context)));

    protected override async Task RemoveAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var left = await LeftAsync(clients, context.Environment.Region, KundTags.EnvironmentValue(context), context.Desired<TeardownCheckDesired>().ClusterName, cancellationToken);
        if (left.Count > 0)
        {
            throw new CloudOperationException(
                CloudErrorKind.NotYetConsistent,
                "LeftoversRemain",
                $"left: {string.Join(", ", left)}",
                retryWindow: SettleWindow);
        }
    }

    /// <summary>What of the environment still exists, as "id (kind)"; empty when nothing does.</summary>
    public static async Task<IReadOnlyList<string>> LeftAsync(AwsClients clients, string region, string environmentId, string? clusterName, CancellationToken cancellationToken)
    {
        var tagging = clients.Tagging(region);
        var ec2 = clients.Ec2(region);
        var tagged = new List<TaggedResource>(await tagging.GetAllResourcesAsync([new TagFilter(KundTags.EnvironmentTag, [environmentId])], cancellationToken));
        if (clusterName is not null)
        {
            tagged.AddRange(await tagging.GetAllResourcesAsync([new TagFilter(KubernetesLeftovers.ControllerClusterTag, [clusterName])], cancellationToken));
            tagged.AddRange(await tagging.GetAllResourcesAsync([new TagFilter(KubernetesLeftovers.OwnedClusterTag(clusterName), ["owned"])], cancellationToken));
        }

        var natIds = tagged.Where(t => t.Service == "ec2" && t.Resource.StartsWith("natgateway/", StringComparison.Ordinal)).Select(t => t.CloudId).ToList();
        var goneNat = new HashSet<string>(StringComparer.Ordinal);
        if (natIds.Count > 0)
        {
            var nats = await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Filter("nat-gateway-id", natIds)] }, cancellationToken);
            goneNat.UnionWith((nats.NatGateways ?? []).Where(n => n.State == Amazon.EC2.NatGatewayState.Deleted).Select(n => n.NatGatewayId));
            goneNat.UnionWith(natIds.Where(id => (nats.NatGateways ?? []).All(n => n.NatGatewayId != id)));
        }

        var left = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in tagged.Where(t => !goneNat.Contains(t.CloudId)))
        {
            left.Add($"{resource.CloudId} ({resource.Resource.Split('/')[0]})");
        }

        var byTag = new List<Filter> { new($"tag:{KundTags.EnvironmentTag}", [environmentId]) };
        var addresses = await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = byTag }, cancellationToken);
        left.UnionWith((addresses.Addresses ?? []).Select(a => $"{a.AllocationId} (elastic-ip)"));
        var vpcs = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = byTag }, cancellationToken);
        left.UnionWith((vpcs.Vpcs ?? []).Select(v => $"{v.VpcId} (vpc)"));

        // A VPC still there: whatever is in it, tagged or not, is why (the tagging index does not list untagged things).
        var vpcIds = (vpcs.Vpcs ?? []).Select(v => v.VpcId)
            .Concat(tagged.Where(t => t.Service == "ec2" && t.Resource.StartsWith("vpc/", StringComparison.Ordinal)).Select(t => t.CloudId))
            .Distinct(StringComparer.Ordinal).ToList();
        if (vpcIds.Count > 0)
        {
            left.UnionWith(await InVpcsAsync(clients, region, vpcIds, cancellationToken));
        }

        return [.. left];
    }

    /// <summary>
    /// The dependents of <paramref name="vpcIds"/> that keep a VPC (and bills) alive, as "id (kind)": subnets,
    /// network interfaces, security groups other than the default, NAT gateways not yet deleted, load balancers.
    /// </summary>
    public static async Task<IReadOnlyList<string>> InVpcsAsync(AwsClients clients, string region, IReadOnlyList<string> vpcIds, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(region);
        var inVpcs = new List<Filter> { new("vpc-id", [.. vpcIds]) };
        var found = new List<string>();
        found.AddRange(((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = inVpcs }, cancellationToken)).Subnets ?? []).Select(s => $"{s.SubnetId} (subnet)"));
        found.AddRange(((await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = inVpcs }, cancellationToken)).NetworkInterfaces ?? [])
            .Select(i => $"{i.NetworkInterfaceId} (network-interface)"));
        found.AddRange(((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = inVpcs }, cancellationToken)).SecurityGroups ?? [])
            .Where(g => g.GroupName != "default").Select(g => $"{g.GroupId} (security-group)"));
        found.AddRange(((await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = inVpcs }, cancellationToken)).NatGateways ?? [])
            .Where(n => n.State != Amazon.EC2.NatGatewayState.Deleted).Select(n => $"{n.NatGatewayId} (natgateway)"));
        found.AddRange((await KubernetesLeftovers.LoadBalancersAsync(clients.Elbv2(region), cancellationToken))
            .Where(b => b.Balancer.VpcId is { } vpc && vpcIds.Contains(vpc)).Select(b => $"{b.Balancer.LoadBalancerArn} (loadbalancer)"));
        return found;
    }
}
