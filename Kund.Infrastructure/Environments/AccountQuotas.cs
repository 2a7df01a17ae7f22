using Kund.Domain.Network;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Environments;

/// <summary>How much of one per-region quota is taken, and its size.</summary>
public sealed record QuotaUsage(int Used, int Limit);

/// <summary>The account's use of a region's VPC and Elastic IP quotas.</summary>
public sealed record RegionQuotas(string Region, QuotaUsage Vpcs, QuotaUsage ElasticIps);

/// <summary>
/// The per-region VPC and Elastic IP quotas belong to the AWS account, so every team's environments share
/// them. Used counts what live environments' plans hold or are about to hold (a request waiting for
/// approval included: approving it must not be what fails); a request that would pass a quota is refused
/// at validation, by path, rather than failing in the middle of provisioning.
/// </summary>
public sealed class AccountQuotas(KundDbContext db, IOptions<KundOptions> options)
{
    /// <summary>Statuses whose environments hold, or are on their way to hold, their VPC and Elastic IPs.</summary>
    public static readonly IReadOnlyList<EnvironmentStatus> Holding =
    [
        EnvironmentStatus.PendingApproval,
        EnvironmentStatus.Approved,
        EnvironmentStatus.Provisioning,
        EnvironmentStatus.Ready,
        EnvironmentStatus.Failed,
        EnvironmentStatus.Destroying,
    ];

    /// <summary>The region's usage; <paramref name="excludeId"/> leaves out an environment (the one being revised).</summary>
    public async Task<RegionQuotas> UsageAsync(string region, Guid? excludeId, CancellationToken cancellationToken)
    {
        var specs = await db.Set<TeamEnvironment>()
            .Where(e => Holding.Contains(e.Status) && e.Id != excludeId)
            .Select(e => e.Spec)
            .ToListAsync(cancellationToken);
        var (vpcs, elasticIps) = (0, 0);
        foreach (var spec in specs.Where(s => s.Region == region))
        {
            var (v, e) = Needs(spec);
            vpcs += v;
            elasticIps += e;
        }

        var (vpcLimit, elasticIpLimit) = Limits(region);
        return new RegionQuotas(region, new QuotaUsage(vpcs, vpcLimit), new QuotaUsage(elasticIps, elasticIpLimit));
    }

    /// <summary>
    /// <paramref name="result"/> with an error at <c>vpc</c> or <c>routing.natGateways</c> when
    /// <paramref name="effective"/> would take the region past a quota. A spec with other errors is
    /// returned as it is: its plan cannot be counted yet.
    /// </summary>
    public async Task<ValidationResult> CheckAsync(EnvironmentSpec effective, Guid? excludeId, ValidationResult result, CancellationToken cancellationToken)
    {
        if (!result.IsValid)
        {
            return result;
        }

        var usage = await UsageAsync(effective.Region, excludeId, cancellationToken);
        var (vpcs, elasticIps) = Needs(effective);
        if (usage.Vpcs.Used + vpcs > usage.Vpcs.Limit)
        {
            result = result.WithError(
                "vpc",
                $"The account's quota of {usage.Vpcs.Limit} VPCs in {effective.Region} is used up: live environments of all teams hold {usage.Vpcs.Used}, and this one needs {vpcs} more. Destroy an environment there, choose another region, or raise the quota (Kund:Quotas).");
        }

        if (elasticIps > 0 && usage.ElasticIps.Used + elasticIps > usage.ElasticIps.Limit)
        {
            result = result.WithError(
                SpecPaths.RoutingNatGateways,
                $"The account's quota of {usage.ElasticIps.Limit} Elastic IPs in {effective.Region} would be passed: live environments of all teams hold {usage.ElasticIps.Used}, and {effective.Routing?.NatGateways.ToString() ?? "this"} NAT needs {elasticIps} more. Use a single NAT gateway, destroy an environment there, or raise the quota (Kund:Quotas).");
        }

        return result;
    }

    /// <summary>Throws <see cref="SpecValidationException"/> when <paramref name="effective"/> would take the region past a quota.</summary>
    public async Task RequireRoomAsync(EnvironmentSpec effective, Guid? excludeId, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(effective, excludeId, ValidationResult.Valid, cancellationToken);
        if (!result.IsValid)
        {
            throw new SpecValidationException(result, effective);
        }
    }

    /// <summary>
    /// The VPCs and Elastic IPs an environment's plan creates, counting those AWS allocates for a regional
    /// NAT gateway (one per zone it serves), which take from the same quota.
    /// </summary>
    public static (int Vpcs, int ElasticIps) Needs(EnvironmentSpec effective)
    {
        var nodes = ResourceGraphBuilder.Build(effective).Nodes;
        return (nodes.Count(n => n.Kind == ResourceKind.Vpc), nodes.Count(n => n.Kind == ResourceKind.ElasticIp) + NatGatewayPlacement.RegionalZones(effective).Count);
    }

    private (int Vpcs, int ElasticIps) Limits(string region)
    {
        var mode = options.Value.ParsedMode;
        switch (mode)
        {
            case KundMode.Sandbox:
                return (options.Value.Sandbox.VpcLimitPerRegion, options.Value.Sandbox.AddressLimitPerRegion);
            case KundMode.Aws:
                var quotas = options.Value.Quotas;
                var inRegion = quotas.Regions.GetValueOrDefault(region);
                return (inRegion?.Vpcs ?? quotas.Vpcs, inRegion?.ElasticIps ?? quotas.ElasticIps);
            default:
                throw new InvalidOperationException($"Unknown mode {mode}.");
        }
    }
}
