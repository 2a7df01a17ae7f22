using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Tagging;
using Kund.Infrastructure.Aws.Teardown;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Leftovers;

/// <summary>
/// Finds, per region, what costs money and belongs to no live environment, and deletes one on an admin's word:
/// Elastic IPs associated with nothing; Kund-tagged resources of environments that are destroyed, failed or
/// unknown (a failed run's NAT gateway among them); and the load balancers, interfaces and security groups
/// Kubernetes made in such an environment's VPC. Read-only except <see cref="DeleteAsync"/>.
/// </summary>
public sealed class LeftoversService(KundDbContext db, AwsClients clients, IAuditTrail audit)
{
    public const string DeletedAction = "leftover.deleted";

    /// <summary>Statuses whose resources are someone's: a run is under way or the environment is in use.</summary>
    private static readonly EnvironmentStatus[] Live =
        [EnvironmentStatus.Approved, EnvironmentStatus.Provisioning, EnvironmentStatus.Ready, EnvironmentStatus.Destroying];

    public async Task<LeftoversView> ListAsync(string region, CancellationToken cancellationToken)
    {
        var statuses = await db.Set<TeamEnvironment>().AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Status, cancellationToken);
        var items = new Dictionary<string, LeftoverItem>(StringComparer.Ordinal);
        var ec2 = clients.Ec2(region);

        string? Orphaned(string? environment, out Guid? id)
        {
            id = Guid.TryParse(environment, out var parsed) ? parsed : null;
            if (id is null)
            {
                return environment is null ? null : $"tagged for environment '{environment}', which Kund does not know";
            }

            return statuses.TryGetValue(id.Value, out var status)
                ? Live.Contains(status) ? null : $"of environment {id}, which is {status}"
                : $"of environment {id}, which Kund does not know";
        }

        var tagged = await clients.Tagging(region).GetAllResourcesAsync([new TagFilter(KundTags.EnvironmentTag, [])], cancellationToken);
        var deadVpcs = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        foreach (var resource in tagged)
        {
            var kind = resource.Resource.Split('/')[0];
            if (Orphaned(resource.Tags.GetValueOrDefault(KundTags.EnvironmentTag), out var environmentId) is not { } why)
            {
                continue;
            }

            if (kind == "vpc")
            {
                deadVpcs[resource.CloudId] = environmentId;
            }

            var reason = kind == "natgateway" && environmentId is { } failed && statuses.GetValueOrDefault(failed) == EnvironmentStatus.Failed
                ? $"NAT gateway of a failed run ({why})"
                : $"Kund-tagged {kind} {why}";
            items[resource.CloudId] = new LeftoverItem(resource.CloudId, kind, region, reason, environmentId, LeftoverPrices.Of(kind));
        }

        var addresses = (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest(), cancellationToken)).Addresses ?? [];
        foreach (var address in addresses.Where(a => a.AssociationId is null))
        {
            var environment = address.Tags?.FirstOrDefault(t => t.Key == KundTags.EnvironmentTag)?.Value;
            var environmentId = Guid.TryParse(environment, out var parsed) ? parsed : (Guid?)null;
            if (environmentId is { } known && statuses.TryGetValue(known, out var status) && Live.Contains(status))
            {
                continue;
            }

            // A Kund-tagged one keeps saying whose it was (the tagged listing above found it too).
            var whose = Orphaned(environment, out _) is { } why ? $", {why}" : "";
            items[address.AllocationId] = new LeftoverItem(
                address.AllocationId, "elastic-ip", region, $"Elastic IP {address.PublicIp} associated with nothing{whose}", environmentId, LeftoverPrices.ElasticIp);
        }

        if (deadVpcs.Count > 0)
        {
            await AddKubernetesLeftoversAsync(region, deadVpcs, items, cancellationToken);
        }

        return new LeftoversView([.. items.Values.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.CloudId, StringComparer.Ordinal)]);
    }

    /// <summary>Deletes one leftover the listing shows, audited; anything else is refused.</summary>
    /// <exception cref="LeftoverNotFoundException">No leftover has that id in the region.</exception>
    /// <exception cref="LeftoverNotDeletableException">Kund deletes that kind only by destroying its environment.</exception>
    public async Task<LeftoverItem> DeleteAsync(KundUser caller, string region, string cloudId, CancellationToken cancellationToken)
    {
        var item = (await ListAsync(region, cancellationToken)).Items.FirstOrDefault(i => i.CloudId == cloudId)
            ?? throw new LeftoverNotFoundException(cloudId, region);
        var ec2 = clients.Ec2(region);
        switch (item.Kind)
        {
            case "elastic-ip":
                await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = cloudId }, cancellationToken);
                break;
            case "natgateway":
                await ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = cloudId }, cancellationToken);
                break;
            case "loadbalancer":
                await clients.Elbv2(region).DeleteLoadBalancerAsync(cloudId, cancellationToken);
                break;
            case "security-group":
                await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = cloudId }, cancellationToken);
                break;
            default:
                throw new LeftoverNotDeletableException(item);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.RecordAsync(
            db,
            new AuditEntry(caller.Email, DeletedAction, EnvironmentId: item.EnvironmentId, Subject: $"{item.Kind} {item.CloudId}", Details: new Dictionary<string, string?>
            {
                ["region"] = region,
                ["reason"] = item.Reason,
                ["monthlyCostUsd"] = item.MonthlyCostUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    private async Task AddKubernetesLeftoversAsync(string region, Dictionary<string, Guid?> vpcs, Dictionary<string, LeftoverItem> items, CancellationToken cancellationToken)
    {
        foreach (var (balancer, tags) in await KubernetesLeftovers.LoadBalancersAsync(clients.Elbv2(region), cancellationToken))
        {
            if (balancer.VpcId is { } vpc && vpcs.TryGetValue(vpc, out var environmentId) && KubernetesLeftovers.ClusterOf(tags) is { } cluster)
            {
                items[balancer.LoadBalancerArn] = new LeftoverItem(
                    balancer.LoadBalancerArn, "loadbalancer", region, $"load balancer Kubernetes made for cluster {cluster} in Kund VPC {vpc}", environmentId, LeftoverPrices.LoadBalancer);
            }
        }

        var ec2 = clients.Ec2(region);
        var inVpcs = new List<Filter> { new("vpc-id", [.. vpcs.Keys]) };
        foreach (var group in (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = inVpcs }, cancellationToken)).SecurityGroups ?? [])
        {
            var tags = (group.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            if (KubernetesLeftovers.ClusterOf(tags) is { } cluster)
            {
                items[group.GroupId] = new LeftoverItem(
                    group.GroupId, "security-group", region, $"security group Kubernetes made for cluster {cluster} in Kund VPC {group.VpcId}", vpcs[group.VpcId], 0m);
            }
        }

        foreach (var networkInterface in (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = inVpcs }, cancellationToken)).NetworkInterfaces ?? [])
        {
            if (KubernetesLeftovers.LoadBalancerNameOf(networkInterface) is { } name)
            {
                items[networkInterface.NetworkInterfaceId] = new LeftoverItem(
                    networkInterface.NetworkInterfaceId, "network-interface", region, $"interface of load balancer {name} in Kund VPC {networkInterface.VpcId}; AWS removes it with its load balancer", vpcs[networkInterface.VpcId], 0m);
            }
        }
    }
}
