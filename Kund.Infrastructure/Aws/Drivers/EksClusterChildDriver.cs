using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// Something EKS keeps inside a cluster under a name the spec chooses (node group, add-on): its id is
/// <c>&lt;cluster&gt;/&lt;name&gt;</c>; it is found by describe and is ours only while its tags say so; a
/// create that meets one already there (ResourceInUseException) adopts it when it is ours; it is ready once
/// ACTIVE; its delete waits for it to settle and then to be gone (<see cref="EksChildWait"/>).
/// </summary>
public abstract class EksClusterChildDriver<TDesired, TItem>(AwsClients clients, TimeProvider timeProvider) : AwsDriver
    where TDesired : ResourceDesired
    where TItem : class
{
    protected AwsClients Clients => clients;

    protected TimeProvider Time => timeProvider;

    /// <summary>How long a create takes on real AWS: paces the wait for ready and for a busy one to settle.</summary>
    protected abstract TimeSpan ExpectedCreate { get; }

    protected abstract TimeSpan ExpectedDelete { get; }

    /// <summary>The cluster node's key, the cluster's name as the plan names it, and this thing's name.</summary>
    protected abstract (string ClusterKey, string PlannedCluster, string Name) Names(TDesired desired);

    /// <summary>The describe call; null when EKS answers ResourceNotFoundException.</summary>
    protected abstract Task<TItem?> DescribeAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken);

    /// <summary>The create call, with Kund's tags and client request token.</summary>
    protected abstract Task<TItem> CreateAsync(ResourceContext context, IEksClient eks, string cluster, CancellationToken cancellationToken);

    protected abstract Task DeleteAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken);

    protected abstract IEnumerable<KeyValuePair<string, string>>? TagsOf(TItem item);

    /// <summary>
    /// The status as EKS spells it; node groups and add-ons share CREATING, ACTIVE, CREATE_FAILED, UPDATING
    /// and DELETING. One DELETING is not found for a create (which then makes a new one), and never gets ready.
    /// </summary>
    protected abstract string? StatusOf(TItem item);

    /// <summary>
    /// The states AWS's own waiter for ACTIVE treats as final failures (botocore's NodegroupActive/AddonActive,
    /// and the brief's DEGRADED for both): waiting stops there with EKS's health issues.
    /// </summary>
    protected abstract IReadOnlySet<string> FailedStates { get; }

    /// <summary>What EKS calls it in a message: "node group", "add-on".</summary>
    protected abstract string Noun { get; }

    /// <summary>The permanent error of a failed one, with EKS's health issues.</summary>
    protected abstract CloudOperationException Failure(TItem item);

    protected abstract CloudResource ToResource(TItem item, string? requestedAt);

    /// <summary>Why one already there is refused: it is not Kund's for this environment.</summary>
    protected abstract string NotOursMessage(TDesired desired, string cluster);

    protected sealed override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, null, cancellationToken);

    protected sealed override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var requestedAt = OperationClock.Stamp(timeProvider);
        try
        {
            return ToResource(await CreateAsync(context, Eks(context), ClusterName(context), cancellationToken), requestedAt);
        }
        catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException")
        {
            return await FindOursAsync(context, requestedAt, cancellationToken)
                ?? throw new CloudOperationException(CloudErrorKind.Permanent, exception.ErrorCode, exception.Message, exception);
        }
    }

    protected sealed override async Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        var requestedAt = resource.Attribute(OperationClock.RequestedAt);
        var item = await Waiter.PollAsync(
            PollSchedule.For(ExpectedCreate, clients.Options.EffectiveTimeScale),
            timeProvider,
            OperationClock.StartedAt(resource) ?? timeProvider.GetUtcNow(),
            async ct => Ready(await DescribeAsync(Eks(context), cluster, name, ct)),
            cancellationToken);
        return ToResource(item, requestedAt);
    }

    protected sealed override Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        var eks = Eks(context);
        return EksChildWait.DeleteAndWaitGoneAsync(
            clients,
            timeProvider,
            ExpectedCreate,
            ExpectedDelete,
            ct => DescribeAsync(eks, cluster, name, ct),
            item => StatusOf(item) is not ("CREATING" or "UPDATING"),
            item => StatusOf(item) == "DELETE_FAILED" ? Failure(item) : null,
            ct => DeleteAsync(eks, cluster, name, ct),
            cancellationToken);
    }

    /// <summary>The name is chosen by the spec: ours only while its tags say so.</summary>
    protected sealed override async Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        return await DescribeAsync(Eks(context), cluster, name, cancellationToken) is not { } item
            || KundTags.AreOurs(context, context.Node.Key, TagsOf(item));
    }

    protected IEksClient Eks(ResourceContext context) => clients.Eks(context.Environment.Region);

    /// <summary>The cluster's name as its node recorded it, else as the plan names it.</summary>
    protected string ClusterName(ResourceContext context)
    {
        var (clusterKey, planned, _) = Names(context.Desired<TDesired>());
        return context.Dependencies.TryGetValue(clusterKey, out var cluster) ? cluster.CloudId : planned;
    }

    private async Task<CloudResource?> FindOursAsync(ResourceContext context, string? requestedAt, CancellationToken cancellationToken)
    {
        var desired = context.Desired<TDesired>();
        var cluster = ClusterName(context);
        var item = await DescribeAsync(Eks(context), cluster, Names(desired).Name, cancellationToken);
        if (item is null || StatusOf(item) == "DELETING")
        {
            return null;
        }

        return KundTags.AreOurs(context, context.Node.Key, TagsOf(item))
            ? ToResource(item, requestedAt)
            : throw new NotOursException("ResourceInUseException", NotOursMessage(desired, cluster));
    }

    /// <summary>ACTIVE → the item; one of <see cref="FailedStates"/> or DELETING → permanent; anything else → not yet.</summary>
    private TItem? Ready(TItem? item) => item switch
    {
        null => throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"The {Noun} disappeared while Kund waited for it to become ACTIVE."),
        _ when StatusOf(item) == "ACTIVE" => item,
        _ when StatusOf(item) is "DELETING" || (StatusOf(item) is { } status && FailedStates.Contains(status)) => throw Failure(item),
        _ => null,
    };

    private static (string Cluster, string Name) Split(string cloudId)
    {
        var slash = cloudId.IndexOf('/', StringComparison.Ordinal);
        return (cloudId[..slash], cloudId[(slash + 1)..]);
    }
}
