using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The EKS cluster: subnets from the subnet nodes, role from the role node (or the given ARN),
/// endpoint access, enabled control-plane logs, tags and a deterministic clientRequestToken. Waits for
/// ACTIVE (FAILED is permanent); deletion waits until DescribeCluster answers ResourceNotFoundException.
/// </summary>
public sealed partial class EksClusterDriver(AwsClients clients, TimeProvider timeProvider) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.EksCluster;

    protected override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, null, cancellationToken);

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksClusterDesired>();
        var requestedAt = OperationClock.Stamp(timeProvider);
        var request = new CreateClusterRequest
        {
            Name = desired.Name,
            Version = desired.KubernetesVersion,
            RoleArn = RoleArn(context, desired),
            ResourcesVpcConfig = new VpcConfigRequest
            {
                SubnetIds = desired.SubnetKeys.Select(k => context.Dependency(k).CloudId).ToList(),
                EndpointPublicAccess = desired.EndpointPublicAccess,
                EndpointPrivateAccess = desired.EndpointPrivateAccess,
                PublicAccessCidrs = desired.EndpointPublicAccess && desired.PublicAccessCidrs.Count > 0 ? [.. desired.PublicAccessCidrs] : null,
            },
            Logging = desired.Logging.Count == 0 ? null : new Logging { ClusterLogging = [new LogSetup { Types = [.. desired.Logging], Enabled = true }] },
            Tags = new Dictionary<string, string>(KundTags.For(context)),
            ClientRequestToken = KundTags.ClientToken(context),
            AccessConfig = desired.AuthenticationMode is null && desired.BootstrapClusterCreatorAdminPermissions is null
                ? null
                : new CreateAccessConfigRequest { AuthenticationMode = desired.AuthenticationMode, BootstrapClusterCreatorAdminPermissions = desired.BootstrapClusterCreatorAdminPermissions },
            BootstrapSelfManagedAddons = desired.BootstrapSelfManagedAddons,
            DeletionProtection = desired.DeletionProtection ? true : null,
            UpgradePolicy = desired.SupportType is null ? null : new UpgradePolicy { SupportType = desired.SupportType },
        };
        if (desired.AutoMode)
        {
            // Auto Mode is all or nothing: compute, load balancing and block storage together.
            request.ComputeConfig = new ComputeConfig { Enabled = true, NodePools = ["general-purpose", "system"], NodeRoleArn = AutoModeNodeRoleArn(context, desired) };
            request.KubernetesNetworkConfig = new KubernetesNetworkConfig { ElasticLoadBalancing = new ElasticLoadBalancing { Enabled = true } };
            request.StorageConfig = new StorageConfig { BlockStorage = new BlockStorage { Enabled = true } };
        }

        try
        {
            var eks = clients.Eks(context.Environment.Region);
            for (var attempt = 1; ; attempt++)
            {
                var created = (await eks.CreateClusterAsync(request, cancellationToken)).Cluster;

                // EKS answers a token with the cluster it first made for a day, even when that cluster has
                // been deleted since (an environment destroyed, then provisioned again). Such a cluster is a
                // generation gone: the next token derives from it, still deterministic for a repeated attempt.
                if (attempt >= 5 || !await IsGoneAsync(eks, created, cancellationToken))
                {
                    return ToResource(created, requestedAt);
                }

                request.ClientRequestToken = KundTags.ClientToken(context, Generation(created));
            }
        }
        catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException")
        {
            return await FindOursAsync(context, requestedAt, cancellationToken)
                ?? throw new CloudOperationException(CloudErrorKind.Permanent, exception.ErrorCode, exception.Message, exception);
        }
    }

    protected override async Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var eks = clients.Eks(context.Environment.Region);
        var schedule = PollSchedule.For(clients.Options.ExpectedDurations.EksClusterCreate, clients.Options.EffectiveTimeScale);
        var requestedAt = resource.Attribute(OperationClock.RequestedAt);
        var startedAt = OperationClock.StartedAt(resource);
        if (startedAt is null && Ready(await DescribeAsync(eks, resource.CloudId, cancellationToken)) is { } already)
        {
            return ToResource(already, null);
        }

        var cluster = await Waiter.PollAsync(
            schedule,
            timeProvider,
            startedAt ?? timeProvider.GetUtcNow(),
            async ct => Ready(await DescribeAsync(eks, resource.CloudId, ct)),
            cancellationToken);
        return ToResource(cluster, requestedAt);
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var eks = clients.Eks(context.Environment.Region);
        if (!context.Desired<EksClusterDesired>().DeletionProtection)
        {
            await TurnOffDeletionProtectionAsync(eks, resource.CloudId, cancellationToken);
        }

        var startedAt = timeProvider.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await NotFound.IgnoreAsync(() => eks.DeleteClusterAsync(new DeleteClusterRequest { Name = resource.CloudId }, cancellationToken)))
                {
                    return;
                }

                break;
            }
            catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException" && attempt < 3)
            {
                // EKS refuses to delete a cluster still CREATING or UPDATING. Wait for it to settle,
                // then delete; a cluster already DELETING (an earlier attempt) is simply waited for.
                var cluster = await DescribeAsync(eks, resource.CloudId, cancellationToken);
                if (cluster is null)
                {
                    return;
                }

                if (cluster.Status == ClusterStatus.DELETING)
                {
                    break;
                }

                await Waiter.PollAsync(
                    PollSchedule.For(clients.Options.ExpectedDurations.EksClusterCreate, clients.Options.EffectiveTimeScale),
                    timeProvider,
                    cluster.CreatedAt is { } createdAt ? new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)) : timeProvider.GetUtcNow(),
                    async ct => await DescribeAsync(eks, resource.CloudId, ct) is { Status: not (ClusterStatus.CREATING or ClusterStatus.UPDATING or ClusterStatus.PENDING) } settled ? settled : null,
                    cancellationToken);
                startedAt = timeProvider.GetUtcNow();
            }
        }

        var schedule = PollSchedule.For(clients.Options.ExpectedDurations.EksClusterDelete, clients.Options.EffectiveTimeScale);
        await Waiter.PollAsync(
            schedule,
            timeProvider,
            startedAt,
            async ct => await DescribeAsync(eks, resource.CloudId, ct) is null ? resource : null,
            cancellationToken);
    }

    /// <summary>
    /// EKS refuses DeleteCluster while deletion protection is on (InvalidRequestException). The spec says it is
    /// off (a destroy the person confirmed lifted it), so it is turned off first, one UpdateClusterConfig seen through.
    /// </summary>
    private async Task TurnOffDeletionProtectionAsync(IEksClient eks, string name, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(eks, name, cancellationToken) is not { DeletionProtection: true })
        {
            return;
        }

        var run = new EksUpdateRun<Cluster>(
            clients,
            timeProvider,
            async ct => await DescribeAsync(eks, name, ct) is { } cluster
                ? cluster.Status == ClusterStatus.ACTIVE || cluster.Status == ClusterStatus.FAILED ? cluster : null
                : throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"EKS cluster {name} is gone."),
            async (id, ct) => (await eks.DescribeUpdateAsync(new DescribeUpdateRequest { Name = name, UpdateId = id }, ct)).Update);
        await run.RunAsync(
            clients.Options.ExpectedDurations.EksClusterConfigUpdate,
            cluster => cluster.DeletionProtection == true
                ? async ct => (await eks.UpdateClusterConfigAsync(new UpdateClusterConfigRequest { Name = name, DeletionProtection = false }, ct)).Update
                : null,
            cancellationToken);
    }

    /// <summary>ACTIVE → the cluster; FAILED → permanent; anything else → not yet.</summary>
    private static Cluster? Ready(Cluster? cluster) => cluster?.Status switch
    {
        _ when cluster is null => throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", "The EKS cluster disappeared while Kund waited for it to become ACTIVE."),
        ClusterStatus.ACTIVE => cluster,
        ClusterStatus.FAILED => throw new CloudOperationException(
            CloudErrorKind.Permanent,
            cluster.Health?.Issues.FirstOrDefault()?.Code ?? "ClusterFailed",
            $"EKS cluster {cluster.Name} failed to create (status FAILED)"
                + string.Concat((cluster.Health?.Issues ?? []).Select(i => $"; {i.Code}: {i.Message}" + (i.ResourceIds.Count > 0 ? $" [{string.Join(", ", i.ResourceIds)}]" : "")))),
        _ => null,
    };

    /// <summary>The cluster a create answered with no longer exists: none by its name, or another one made since.</summary>
    private static async Task<bool> IsGoneAsync(IEksClient eks, Cluster created, CancellationToken cancellationToken) =>
        await DescribeAsync(eks, created.Name, cancellationToken) is not { } now || now.CreatedAt != created.CreatedAt;

    private static string Generation(Cluster cluster) =>
        $"{cluster.Arn}@{cluster.CreatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}";

    private static async Task<Cluster?> DescribeAsync(IEksClient eks, string name, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeClusterAsync(new DescribeClusterRequest { Name = name }, cancellationToken)))?.Cluster;

    /// <summary>The cluster's name may have passed to someone else since it was recorded: ours only while its tags say so.</summary>
    protected override async Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        await DescribeAsync(clients.Eks(context.Environment.Region), resource.CloudId, cancellationToken) is not { } cluster
        || KundTags.AreOurs(context, context.Node.Key, cluster.Tags);

    private async Task<CloudResource?> FindOursAsync(ResourceContext context, string? requestedAt, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksClusterDesired>();
        var cluster = await DescribeAsync(clients.Eks(context.Environment.Region), desired.Name, cancellationToken);
        if (cluster is null || cluster.Status == ClusterStatus.DELETING)
        {
            return null;
        }

        if (!KundTags.AreOurs(context, context.Node.Key, cluster.Tags))
        {
            throw new NotOursException(
                "ResourceInUseException",
                $"An EKS cluster named '{desired.Name}' already exists and was not made by Kund for this environment; Kund does not take over clusters it did not create.");
        }

        return ToResource(cluster, requestedAt);
    }

    private static string RoleArn(ResourceContext context, EksClusterDesired desired) =>
        desired.RoleKey is { } roleKey
            ? context.Dependency(roleKey).Arn ?? throw new InvalidOperationException($"The role node '{roleKey}' recorded no ARN.")
            : desired.RoleArn ?? throw new InvalidOperationException($"Cluster node '{context.Node.Key}' names neither a role node nor a role ARN.");

    private static string? AutoModeNodeRoleArn(ResourceContext context, EksClusterDesired desired) =>
        desired.AutoModeNodeRoleKey is { } roleKey
            ? context.Dependency(roleKey).Arn ?? throw new InvalidOperationException($"The node role '{roleKey}' recorded no ARN.")
            : desired.AutoModeNodeRoleArn;

    private static CloudResource ToResource(Cluster cluster, string? requestedAt)
    {
        var attributes = new Dictionary<string, string>
        {
            ["status"] = cluster.Status ?? "",
            ["version"] = cluster.Version ?? "",
        };
        if (cluster.Endpoint is { } endpoint)
        {
            attributes["endpoint"] = endpoint;
        }

        if (cluster.CertificateAuthority?.Data is { } certificate)
        {
            attributes["certificateAuthority"] = certificate;
        }

        if ((requestedAt ?? OperationClock.Stamp(cluster.CreatedAt)) is { } started && cluster.Status != ClusterStatus.ACTIVE)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource(cluster.Name, cluster.Arn, attributes);
    }
}
