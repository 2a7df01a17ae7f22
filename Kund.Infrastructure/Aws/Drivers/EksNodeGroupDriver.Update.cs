using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// In place: the Kubernetes version (UpdateNodegroupVersion, up to the control plane's, never past it), sizes
/// and labels (UpdateNodegroupConfig), tags. Instance types, capacity, AMI, disk, subnets and node role are
/// fixed at creation: a change of them is a new node group.
/// </summary>
public sealed partial class EksNodeGroupDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<EksNodeGroupDesired>(context, applied);
        var desired = context.Desired<EksNodeGroupDesired>();
        InPlace.Forbid(context, "name", before.Name, desired.Name);
        InPlace.ForbidList(context, "instanceTypes", before.InstanceTypes, desired.InstanceTypes);
        InPlace.Forbid(context, "capacityType", before.CapacityType, desired.CapacityType);
        InPlace.Forbid(context, "amiType", before.AmiType, desired.AmiType);
        InPlace.Forbid(context, "diskSize", before.DiskSize, desired.DiskSize);
        InPlace.ForbidList(context, "subnetKeys", before.SubnetKeys, desired.SubnetKeys);
        InPlace.Forbid(context, "nodeRoleKey", before.NodeRoleKey, desired.NodeRoleKey);

        var eks = Eks(context);
        var cluster = ClusterName(context);
        // Until the graph carries the node group's version, it follows the version its cluster recorded.
        var version = desired.KubernetesVersion
            ?? (context.Dependencies.TryGetValue(desired.ClusterKey, out var recorded) ? recorded.Attribute("version") : null);
        var run = new EksUpdateRun<Nodegroup>(
            Clients,
            Time,
            async ct =>
            {
                var nodegroup = await DescribeAsync(eks, cluster, desired.Name, ct)
                    ?? throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"Node group {desired.Name} of cluster {cluster} is gone; it cannot be changed in place.");
                var owner = (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = cluster }, ct)).Cluster;
                return nodegroup.Status is NodegroupStatus.CREATING or NodegroupStatus.UPDATING or NodegroupStatus.DELETING || owner.Status != ClusterStatus.ACTIVE ? null : nodegroup;
            },
            async (id, ct) => (await eks.DescribeUpdateAsync(new DescribeUpdateRequest { Name = cluster, UpdateId = id, NodegroupName = desired.Name }, ct)).Update);
        var durations = Clients.Options.ExpectedDurations;

        await run.RunAsync(
            durations.EksNodegroupVersionUpdate,
            nodegroup => string.IsNullOrEmpty(version) || nodegroup.Version == version
                ? null
                : async ct => (await eks.UpdateNodegroupVersionAsync(
                    new UpdateNodegroupVersionRequest { ClusterName = cluster, NodegroupName = desired.Name, Version = version }, ct)).Update,
            cancellationToken);
        var settled = await run.RunAsync(
            durations.EksNodegroupConfigUpdate,
            nodegroup => ConfigChange(nodegroup, desired) is { } request
                ? async ct => (await eks.UpdateNodegroupConfigAsync(request, ct)).Update
                : null,
            cancellationToken);
        await EksTagUpdate.ApplyAsync(eks, context, settled.NodegroupArn, settled.Tags, cancellationToken);
        return ToResource(settled, null);
    }

    /// <summary>The sizes that differ and the labels to add, change or remove; null when the node group already matches.</summary>
    private static UpdateNodegroupConfigRequest? ConfigChange(Nodegroup nodegroup, EksNodeGroupDesired desired)
    {
        var scaling = nodegroup.ScalingConfig ?? new NodegroupScalingConfig();
        var sizesDiffer = scaling.MinSize != desired.MinSize || scaling.DesiredSize != desired.DesiredSize || scaling.MaxSize != desired.MaxSize;
        var addOrUpdate = desired.Labels.Where(l => !nodegroup.Labels.TryGetValue(l.Key, out var value) || value != l.Value).ToDictionary(StringComparer.Ordinal);
        var remove = nodegroup.Labels.Keys.Where(k => !desired.Labels.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (!sizesDiffer && addOrUpdate.Count == 0 && remove.Count == 0)
        {
            return null;
        }

        return new UpdateNodegroupConfigRequest
        {
            ClusterName = nodegroup.ClusterName ?? desired.ClusterName,
            NodegroupName = nodegroup.NodegroupName,
            ScalingConfig = sizesDiffer ? new NodegroupScalingConfig { MinSize = desired.MinSize, DesiredSize = desired.DesiredSize, MaxSize = desired.MaxSize } : null,
            Labels = addOrUpdate.Count == 0 && remove.Count == 0 ? null : new UpdateLabelsPayload
            {
                AddOrUpdateLabels = addOrUpdate.Count == 0 ? null : addOrUpdate,
                RemoveLabels = remove.Count == 0 ? null : remove,
            },
        };
    }
}
