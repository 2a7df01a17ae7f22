using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// In place: the version (UpdateAddon; no pinned version means the newest compatible with the cluster's
/// Kubernetes version as it is now, so an add-on follows an upgraded control plane) and tags.
/// </summary>
public sealed partial class EksAddonDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<EksAddonDesired>(context, applied);
        var desired = context.Desired<EksAddonDesired>();
        InPlace.Forbid(context, "addonName", before.AddonName, desired.AddonName);

        var eks = Eks(context);
        var cluster = ClusterName(context);
        var run = new EksUpdateRun<Addon>(
            Clients,
            Time,
            async ct =>
            {
                var addon = await DescribeAsync(eks, cluster, desired.AddonName, ct)
                    ?? throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"Add-on {desired.AddonName} of cluster {cluster} is gone; it cannot be changed in place.");
                var owner = (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = cluster }, ct)).Cluster;
                return addon.Status is AddonStatus.CREATING or AddonStatus.UPDATING or AddonStatus.DELETING || owner.Status != ClusterStatus.ACTIVE ? null : addon;
            },
            async (id, ct) => (await eks.DescribeUpdateAsync(new DescribeUpdateRequest { Name = cluster, UpdateId = id, AddonName = desired.AddonName }, ct)).Update);

        var kubernetes = (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = cluster }, cancellationToken)).Cluster.Version;
        var version = desired.Version ?? await NewestCompatibleAsync(AtClusterVersion(context, kubernetes), cancellationToken);
        var settled = await run.RunAsync(
            Clients.Options.ExpectedDurations.EksAddonUpdate,
            addon => version is null || addon.AddonVersion == version
                ? null
                : async ct => (await eks.UpdateAddonAsync(
                    new UpdateAddonRequest { ClusterName = cluster, AddonName = desired.AddonName, AddonVersion = version, ResolveConflicts = "OVERWRITE" }, ct)).Update,
            cancellationToken);
        await EksTagUpdate.ApplyAsync(eks, context, settled.AddonArn, settled.Tags, cancellationToken);
        return ToResource(settled, null);
    }

    /// <summary>The context with the cluster's recorded version replaced by the live one, which an upgrade in this run may have changed.</summary>
    private static ResourceContext AtClusterVersion(ResourceContext context, string? kubernetes)
    {
        var clusterKey = context.Desired<EksAddonDesired>().ClusterKey;
        if (kubernetes is null || !context.Dependencies.TryGetValue(clusterKey, out var cluster))
        {
            return context;
        }

        var dependencies = new Dictionary<string, CloudResource>(context.Dependencies, StringComparer.Ordinal)
        {
            [clusterKey] = cluster with { Attributes = new Dictionary<string, string>(cluster.Attributes) { ["version"] = kubernetes } },
        };
        return context with { Dependencies = dependencies };
    }
}
