using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A managed node group: cluster, node role and subnets from their nodes, Kund's tags and a deterministic
/// clientRequestToken. Waits for ACTIVE; CREATE_FAILED is permanent and carries EKS's health issue
/// (e.g. Ec2SubnetInvalidConfiguration). The id is <c>&lt;cluster&gt;/&lt;node group&gt;</c>.
/// </summary>
public sealed class EksNodeGroupDriver(AwsClients clients, TimeProvider timeProvider) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.EksNodeGroup;

    protected override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, null, cancellationToken);

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksNodeGroupDesired>();
        var requestedAt = OperationClock.Stamp(timeProvider);
        var request = new CreateNodegroupRequest
        {
            ClusterName = ClusterName(context),
            NodegroupName = desired.Name,
            NodeRole = context.Dependency(desired.NodeRoleKey).Arn ?? throw new InvalidOperationException($"The node role '{desired.NodeRoleKey}' recorded no ARN."),
            Subnets = [.. desired.SubnetKeys.Select(k => context.Dependency(k).CloudId)],
            InstanceTypes = [.. desired.InstanceTypes],
            CapacityType = desired.CapacityType,
            AmiType = desired.AmiType,
            DiskSize = desired.DiskSize,
            ScalingConfig = new NodegroupScalingConfig { MinSize = desired.MinSize, DesiredSize = desired.DesiredSize, MaxSize = desired.MaxSize },
            Labels = desired.Labels.Count == 0 ? null : new Dictionary<string, string>(desired.Labels),
            Tags = new Dictionary<string, string>(KundTags.For(context)),
            ClientRequestToken = KundTags.ClientToken(context),
        };
        try
        {
            var response = await Eks(context).CreateNodegroupAsync(request, cancellationToken);
            return ToResource(response.Nodegroup, requestedAt);
        }
        catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException")
        {
            return await FindOursAsync(context, requestedAt, cancellationToken)
                ?? throw new CloudOperationException(CloudErrorKind.Permanent, exception.ErrorCode, exception.Message, exception);
        }
    }

    protected override async Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        var requestedAt = resource.Attribute(OperationClock.RequestedAt);
        var nodegroup = await Waiter.PollAsync(
            PollSchedule.For(clients.Options.ExpectedDurations.EksNodegroupCreate, clients.Options.EffectiveTimeScale),
            timeProvider,
            OperationClock.StartedAt(resource) ?? timeProvider.GetUtcNow(),
            async ct => Ready(await DescribeAsync(Eks(context), cluster, name, ct)),
            cancellationToken);
        return ToResource(nodegroup, requestedAt);
    }

    protected override Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        var eks = Eks(context);
        return EksChildWait.DeleteAndWaitGoneAsync(
            clients,
            timeProvider,
            clients.Options.ExpectedDurations.EksNodegroupCreate,
            clients.Options.ExpectedDurations.EksNodegroupDelete,
            ct => DescribeAsync(eks, cluster, name, ct),
            n => n.Status is not (NodegroupStatus.CREATING or NodegroupStatus.UPDATING),
            ct => eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = cluster, NodegroupName = name }, ct),
            cancellationToken);
    }

    /// <summary>A node group's name is chosen by the spec: ours only while its tags say so.</summary>
    protected override async Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        return await DescribeAsync(Eks(context), cluster, name, cancellationToken) is not { } nodegroup
            || KundTags.AreOurs(context, context.Node.Key, nodegroup.Tags);
    }

    /// <summary>ACTIVE → the node group; CREATE_FAILED → permanent, with EKS's health issues; anything else → not yet.</summary>
    private static Nodegroup? Ready(Nodegroup? nodegroup) => nodegroup?.Status switch
    {
        _ when nodegroup is null => throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", "The node group disappeared while Kund waited for it to become ACTIVE."),
        NodegroupStatus.ACTIVE => nodegroup,
        NodegroupStatus.CreateFailed or NodegroupStatus.DELETING => throw new CloudOperationException(
            CloudErrorKind.Permanent,
            nodegroup.Health?.Issues.FirstOrDefault()?.Code ?? "NodegroupCreateFailed",
            $"Node group {nodegroup.NodegroupName} failed to create (status {nodegroup.Status}): "
                + string.Join("; ", (nodegroup.Health?.Issues ?? []).Select(i => $"{i.Code}: {i.Message} [{string.Join(", ", i.ResourceIds)}]"))),
        _ => null,
    };

    private async Task<CloudResource?> FindOursAsync(ResourceContext context, string? requestedAt, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksNodeGroupDesired>();
        var nodegroup = await DescribeAsync(Eks(context), ClusterName(context), desired.Name, cancellationToken);
        if (nodegroup is null || nodegroup.Status == NodegroupStatus.DELETING)
        {
            return null;
        }

        return KundTags.AreOurs(context, context.Node.Key, nodegroup.Tags)
            ? ToResource(nodegroup, requestedAt)
            : throw new NotOursException(
                "ResourceInUseException",
                $"A node group named '{desired.Name}' already exists in cluster '{ClusterName(context)}' and was not made by Kund for this environment.");
    }

    private IEksClient Eks(ResourceContext context) => clients.Eks(context.Environment.Region);

    /// <summary>The cluster's name as its node recorded it, else as the plan names it.</summary>
    private static string ClusterName(ResourceContext context)
    {
        var desired = context.Desired<EksNodeGroupDesired>();
        return context.Dependencies.TryGetValue(desired.ClusterKey, out var cluster) ? cluster.CloudId : desired.ClusterName;
    }

    private static async Task<Nodegroup?> DescribeAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = cluster, NodegroupName = name }, cancellationToken)))?.Nodegroup;

    private static (string Cluster, string Name) Split(string cloudId)
    {
        var slash = cloudId.IndexOf('/', StringComparison.Ordinal);
        return (cloudId[..slash], cloudId[(slash + 1)..]);
    }

    private static CloudResource ToResource(Nodegroup nodegroup, string? requestedAt)
    {
        var attributes = new Dictionary<string, string> { ["status"] = nodegroup.Status ?? "" };
        if (nodegroup.ScalingConfig?.DesiredSize is { } desiredSize)
        {
            attributes["desiredSize"] = desiredSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if ((requestedAt ?? OperationClock.Stamp(nodegroup.CreatedAt)) is { } started && nodegroup.Status != NodegroupStatus.ACTIVE)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource($"{nodegroup.ClusterName}/{nodegroup.NodegroupName}", nodegroup.NodegroupArn, attributes);
    }
}
