using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// In place: the Kubernetes version one minor up (UpdateClusterVersion), then endpoint access, logging, the
/// authentication mode (towards API only), the support type and deletion protection, each its own
/// UpdateClusterConfig since EKS takes one kind of change per call and one update at a time; then tags.
/// Name, role, subnets and the bootstrap choices are fixed at creation.
/// </summary>
public sealed partial class EksClusterDriver
{
    private static readonly string[] AuthenticationModeOrder = [AuthenticationMode.ConfigMap, AuthenticationMode.ApiAndConfigMap, AuthenticationMode.API];

    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<EksClusterDesired>(context, applied);
        var desired = context.Desired<EksClusterDesired>();
        InPlace.Forbid(context, "name", before.Name, desired.Name);
        InPlace.Forbid(context, "roleKey", before.RoleKey, desired.RoleKey);
        InPlace.Forbid(context, "roleArn", before.RoleArn, desired.RoleArn);
        InPlace.ForbidList(context, "subnetKeys", before.SubnetKeys, desired.SubnetKeys);
        InPlace.Forbid(context, "bootstrapSelfManagedAddons", before.BootstrapSelfManagedAddons, desired.BootstrapSelfManagedAddons);
        InPlace.Forbid(context, "bootstrapClusterCreatorAdminPermissions", before.BootstrapClusterCreatorAdminPermissions, desired.BootstrapClusterCreatorAdminPermissions);
        if (Rank(desired.AuthenticationMode) < Rank(before.AuthenticationMode))
        {
            throw InPlace.Forced(context, "authenticationMode", before.AuthenticationMode, desired.AuthenticationMode);
        }

        var eks = clients.Eks(context.Environment.Region);
        var name = resource.CloudId;
        var run = new EksUpdateRun<Cluster>(
            clients,
            timeProvider,
            async ct => await DescribeAsync(eks, name, ct) is { } cluster
                ? cluster.Status == ClusterStatus.ACTIVE ? cluster : null
                : throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"EKS cluster {name} is gone; it cannot be changed in place."),
            async (id, ct) => (await eks.DescribeUpdateAsync(new DescribeUpdateRequest { Name = name, UpdateId = id }, ct)).Update);
        var durations = clients.Options.ExpectedDurations;

        await run.RunAsync(
            durations.EksClusterVersionUpdate,
            cluster => cluster.Version == desired.KubernetesVersion
                ? null
                : async ct => (await eks.UpdateClusterVersionAsync(new UpdateClusterVersionRequest { Name = name, Version = desired.KubernetesVersion }, ct)).Update,
            cancellationToken);
        foreach (var change in ConfigChanges(desired))
        {
            await run.RunAsync(
                durations.EksClusterConfigUpdate,
                cluster => change(cluster) is { } request
                    ? async ct => (await eks.UpdateClusterConfigAsync(request, ct)).Update
                    : null,
                cancellationToken);
        }

        var settled = await run.RunAsync(durations.EksClusterConfigUpdate, _ => null, cancellationToken);
        await EksTagUpdate.ApplyAsync(eks, context, settled.Arn, settled.Tags, cancellationToken);
        return ToResource(settled, null);
    }

    /// <summary>Each kind of UpdateClusterConfig change: the request that brings the cluster to the desired shape, or null when it is there.</summary>
    private static IEnumerable<Func<Cluster, UpdateClusterConfigRequest?>> ConfigChanges(EksClusterDesired desired)
    {
        // With public access, no CIDRs means the whole internet, as EKS reads it.
        IReadOnlyList<string> cidrs = desired.PublicAccessCidrs.Count > 0 ? desired.PublicAccessCidrs : ["0.0.0.0/0"];
        yield return cluster =>
        {
            var vpc = cluster.ResourcesVpcConfig ?? new VpcConfigResponse();
            var same = vpc.EndpointPublicAccess == desired.EndpointPublicAccess
                && vpc.EndpointPrivateAccess == desired.EndpointPrivateAccess
                && (!desired.EndpointPublicAccess || vpc.PublicAccessCidrs.Order(StringComparer.Ordinal).SequenceEqual(cidrs.Order(StringComparer.Ordinal)));
            return same ? null : new UpdateClusterConfigRequest
            {
                Name = cluster.Name,
                ResourcesVpcConfig = new VpcConfigRequest
                {
                    EndpointPublicAccess = desired.EndpointPublicAccess,
                    EndpointPrivateAccess = desired.EndpointPrivateAccess,
                    PublicAccessCidrs = desired.EndpointPublicAccess ? [.. cidrs] : null,
                },
            };
        };

        yield return cluster =>
        {
            var enabled = (cluster.Logging?.ClusterLogging ?? []).Where(s => s.Enabled == true).SelectMany(s => s.Types).ToHashSet(StringComparer.Ordinal);
            var disable = enabled.Except(desired.Logging, StringComparer.Ordinal).ToList();
            if (enabled.SetEquals(desired.Logging))
            {
                return null;
            }

            var setups = new List<LogSetup>();
            if (desired.Logging.Count > 0)
            {
                setups.Add(new LogSetup { Types = [.. desired.Logging], Enabled = true });
            }

            if (disable.Count > 0)
            {
                setups.Add(new LogSetup { Types = disable, Enabled = false });
            }

            return new UpdateClusterConfigRequest { Name = cluster.Name, Logging = new Logging { ClusterLogging = setups } };
        };

        yield return cluster => desired.AuthenticationMode is { } mode && cluster.AccessConfig?.AuthenticationMode != mode
            ? new UpdateClusterConfigRequest { Name = cluster.Name, AccessConfig = new UpdateAccessConfigRequest { AuthenticationMode = mode } }
            : null;

        yield return cluster => desired.SupportType is { } support && cluster.UpgradePolicy?.SupportType != support
            ? new UpdateClusterConfigRequest { Name = cluster.Name, UpgradePolicy = new UpgradePolicy { SupportType = support } }
            : null;

        yield return cluster => (cluster.DeletionProtection ?? false) != desired.DeletionProtection
            ? new UpdateClusterConfigRequest { Name = cluster.Name, DeletionProtection = desired.DeletionProtection }
            : null;
    }

    /// <summary>EKS moves the authentication mode one way only: CONFIG_MAP (EKS's default), API_AND_CONFIG_MAP, API.</summary>
    private static int Rank(string? mode) => Array.IndexOf(AuthenticationModeOrder, mode ?? AuthenticationMode.ConfigMap);
}
