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
public sealed partial class EksNodeGroupDriver(AwsClients clients, TimeProvider timeProvider)
    : EksClusterChildDriver<EksNodeGroupDesired, Nodegroup>(clients, timeProvider)
{
    public override ResourceKind Kind => ResourceKind.EksNodeGroup;

    protected override TimeSpan ExpectedCreate => Clients.Options.ExpectedDurations.EksNodegroupCreate;

    protected override TimeSpan ExpectedDelete => Clients.Options.ExpectedDurations.EksNodegroupDelete;

    protected override (string ClusterKey, string PlannedCluster, string Name) Names(EksNodeGroupDesired desired) =>
        (desired.ClusterKey, desired.ClusterName, desired.Name);

    /// <summary>How long, in AWS time, a node group waits for its subnets' route out before it lets EKS judge them.</summary>
    public static readonly TimeSpan RouteOutPatience = TimeSpan.FromMinutes(30);

    protected override async Task<Nodegroup> CreateAsync(ResourceContext context, IEksClient eks, string cluster, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksNodeGroupDesired>();
        await WaitForRouteOutAsync(context, desired, cancellationToken);
        var request = new CreateNodegroupRequest
        {
            ClusterName = cluster,
            NodegroupName = desired.Name,
            NodeRole = desired.NodeRoleArn
                ?? context.Dependency(desired.NodeRoleKey).Arn
                ?? throw new InvalidOperationException($"The node role '{desired.NodeRoleKey}' recorded no ARN."),
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
        return (await eks.CreateNodegroupAsync(request, cancellationToken)).Nodegroup;
    }

    /// <summary>
    /// Nodes must reach the cluster and ECR: EKS fails a node group at once (CREATE_FAILED,
    /// Ec2SubnetInvalidConfiguration) when a subnet has no default route to a NAT or internet gateway. The graph
    /// has no edge to the route tables — a later NAT change must be able to replace one while the nodes stay — so
    /// the route out is awaited here, polled like the NAT gateway it usually waits for; after
    /// <see cref="RouteOutPatience"/> EKS is asked anyway and says what is wrong.
    /// </summary>
    private async Task WaitForRouteOutAsync(ResourceContext context, EksNodeGroupDesired desired, CancellationToken cancellationToken)
    {
        var ec2 = Clients.Ec2(context.Environment.Region);
        var subnetIds = desired.SubnetKeys.Select(k => context.Dependency(k).CloudId).ToList();
        var scale = Clients.Options.EffectiveTimeScale;
        var schedule = PollSchedule.For(Clients.Options.ExpectedDurations.NatGatewayCreate, scale);
        var patience = RouteOutPatience / scale;
        patience = patience < Clients.Options.MinimumRouteOutWait ? Clients.Options.MinimumRouteOutWait : patience;
        var startedAt = Time.GetUtcNow();
        while (!await AllRouteOutAsync(ec2, subnetIds, cancellationToken))
        {
            var elapsed = Time.GetUtcNow() - startedAt;
            if (elapsed >= patience)
            {
                return;
            }

            await Task.Delay(schedule.NextDelay(elapsed), Time, cancellationToken);
        }
    }

    private static async Task<bool> AllRouteOutAsync(Amazon.EC2.IAmazonEC2 ec2, List<string> subnetIds, CancellationToken cancellationToken)
    {
        var tables = (await ec2.DescribeRouteTablesAsync(
            new Amazon.EC2.Model.DescribeRouteTablesRequest { Filters = [new Amazon.EC2.Model.Filter("association.subnet-id", subnetIds)] },
            cancellationToken)).RouteTables ?? [];
        return subnetIds.All(subnet => tables
            .Where(table => (table.Associations ?? []).Any(a => a.SubnetId == subnet))
            .SelectMany(table => table.Routes ?? [])
            .Any(route => route.DestinationCidrBlock == "0.0.0.0/0"
                && route.State?.Value != "blackhole"
                && (route.NatGatewayId is { Length: > 0 } || route.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true)));
    }

    protected override async Task<Nodegroup?> DescribeAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = cluster, NodegroupName = name }, cancellationToken)))?.Nodegroup;

    protected override Task DeleteAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = cluster, NodegroupName = name }, cancellationToken);

    protected override IEnumerable<KeyValuePair<string, string>>? TagsOf(Nodegroup item) => item.Tags;

    protected override string? StatusOf(Nodegroup item) => item.Status;

    protected override IReadOnlySet<string> FailedStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "CREATE_FAILED", "DELETE_FAILED", "DEGRADED" };

    protected override string Noun => "node group";

    protected override CloudOperationException Failure(Nodegroup item) => new(
        CloudErrorKind.Permanent,
        item.Health?.Issues.FirstOrDefault()?.Code ?? "NodegroupCreateFailed",
        $"Node group {item.NodegroupName} is {item.Status}: "
            + string.Join("; ", (item.Health?.Issues ?? []).Select(i => $"{i.Code}: {i.Message} [{string.Join(", ", i.ResourceIds)}]")));

    protected override string NotOursMessage(EksNodeGroupDesired desired, string cluster) =>
        $"A node group named '{desired.Name}' already exists in cluster '{cluster}' and was not made by Kund for this environment.";

    protected override CloudResource ToResource(Nodegroup item, string? requestedAt)
    {
        var attributes = new Dictionary<string, string> { ["status"] = item.Status ?? "" };
        if (item.ScalingConfig?.DesiredSize is { } desiredSize)
        {
            attributes["desiredSize"] = desiredSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if ((requestedAt ?? OperationClock.Stamp(item.CreatedAt)) is { } started && item.Status != NodegroupStatus.ACTIVE)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource($"{item.ClusterName}/{item.NodegroupName}", item.NodegroupArn, attributes);
    }
}
