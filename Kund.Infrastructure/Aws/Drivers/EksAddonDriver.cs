using System.Globalization;
using System.Text.RegularExpressions;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// An EKS managed add-on at its pinned version, else the newest DescribeAddonVersions reports compatible
/// with the cluster's Kubernetes version. Conflicts with the self-managed copy EKS may have installed are
/// overwritten. Waits for ACTIVE (coredns stays DEGRADED until nodes run: the graph orders it after a node
/// group); CREATE_FAILED is permanent. The id is <c>&lt;cluster&gt;/&lt;add-on&gt;</c>.
/// </summary>
public sealed partial class EksAddonDriver(AwsClients clients, TimeProvider timeProvider) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.EksAddon;

    protected override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, null, cancellationToken);

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAddonDesired>();
        var requestedAt = OperationClock.Stamp(timeProvider);
        var request = new CreateAddonRequest
        {
            ClusterName = ClusterName(context),
            AddonName = desired.AddonName,
            AddonVersion = desired.Version ?? await NewestCompatibleAsync(context, cancellationToken),
            ResolveConflicts = "OVERWRITE",
            Tags = new Dictionary<string, string>(KundTags.For(context)),
            ClientRequestToken = KundTags.ClientToken(context),
        };
        try
        {
            var response = await Eks(context).CreateAddonAsync(request, cancellationToken);
            return ToResource(response.Addon, requestedAt);
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
        var addon = await Waiter.PollAsync(
            PollSchedule.For(clients.Options.ExpectedDurations.EksAddonCreate, clients.Options.EffectiveTimeScale),
            timeProvider,
            OperationClock.StartedAt(resource) ?? timeProvider.GetUtcNow(),
            async ct => Ready(await DescribeAsync(Eks(context), cluster, name, ct)),
            cancellationToken);
        return ToResource(addon, requestedAt);
    }

    protected override Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        var eks = Eks(context);
        return EksChildWait.DeleteAndWaitGoneAsync(
            clients,
            timeProvider,
            clients.Options.ExpectedDurations.EksAddonCreate,
            clients.Options.ExpectedDurations.EksAddonDelete,
            ct => DescribeAsync(eks, cluster, name, ct),
            a => a.Status is not (AddonStatus.CREATING or AddonStatus.UPDATING),
            ct => eks.DeleteAddonAsync(new DeleteAddonRequest { ClusterName = cluster, AddonName = name, Preserve = false }, ct),
            cancellationToken);
    }

    protected override async Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, name) = Split(resource.CloudId);
        return await DescribeAsync(Eks(context), cluster, name, cancellationToken) is not { } addon
            || KundTags.AreOurs(context, context.Node.Key, addon.Tags);
    }

    /// <summary>The newest version compatible with the cluster's Kubernetes version, or null to let EKS pick its default.</summary>
    private async Task<string?> NewestCompatibleAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAddonDesired>();
        var kubernetes = context.Dependencies.TryGetValue(desired.ClusterKey, out var cluster) ? cluster.Attribute("version") : null;
        if (string.IsNullOrEmpty(kubernetes))
        {
            return null;
        }

        var addons = await Eks(context).DescribeAllAddonVersionsAsync(
            new DescribeAddonVersionsRequest { AddonName = desired.AddonName, KubernetesVersion = kubernetes }, cancellationToken);
        return addons
            .Where(a => a.AddonName == desired.AddonName)
            .SelectMany(a => a.AddonVersions)
            .Where(v => v.AddonVersion is not null && v.Compatibilities.Any(c => c.ClusterVersion == kubernetes))
            .Select(v => v.AddonVersion!)
            .OrderByDescending(VersionKey, VersionKeyComparer.Instance)
            .FirstOrDefault();
    }

    /// <summary>"v1.20.4-eksbuild.2" → [1, 20, 4, 2]: add-on versions compare by their numbers in order.</summary>
    internal static IReadOnlyList<int> VersionKey(string version) =>
        [.. Numbers().Matches(version).Select(m => int.Parse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture))];

    /// <summary>ACTIVE → the add-on; CREATE_FAILED → permanent, with EKS's health issues; anything else (DEGRADED included) → not yet.</summary>
    private static Addon? Ready(Addon? addon) => addon?.Status switch
    {
        _ when addon is null => throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", "The add-on disappeared while Kund waited for it to become ACTIVE."),
        AddonStatus.ACTIVE => addon,
        AddonStatus.CreateFailed or AddonStatus.DELETING => throw new CloudOperationException(
            CloudErrorKind.Permanent,
            addon.Health?.Issues.FirstOrDefault()?.Code ?? "AddonCreateFailed",
            $"Add-on {addon.AddonName} failed to create (status {addon.Status}): " + string.Join("; ", (addon.Health?.Issues ?? []).Select(i => $"{i.Code}: {i.Message}"))),
        _ => null,
    };

    private async Task<CloudResource?> FindOursAsync(ResourceContext context, string? requestedAt, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAddonDesired>();
        var addon = await DescribeAsync(Eks(context), ClusterName(context), desired.AddonName, cancellationToken);
        if (addon is null || addon.Status == AddonStatus.DELETING)
        {
            return null;
        }

        return KundTags.AreOurs(context, context.Node.Key, addon.Tags)
            ? ToResource(addon, requestedAt)
            : throw new NotOursException(
                "ResourceInUseException",
                $"The add-on '{desired.AddonName}' already exists in cluster '{ClusterName(context)}' and was not installed by Kund for this environment.");
    }

    private IEksClient Eks(ResourceContext context) => clients.Eks(context.Environment.Region);

    private static string ClusterName(ResourceContext context)
    {
        var desired = context.Desired<EksAddonDesired>();
        return context.Dependencies.TryGetValue(desired.ClusterKey, out var cluster) ? cluster.CloudId : desired.ClusterName;
    }

    private static async Task<Addon?> DescribeAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = cluster, AddonName = name }, cancellationToken)))?.Addon;

    private static (string Cluster, string Name) Split(string cloudId)
    {
        var slash = cloudId.IndexOf('/', StringComparison.Ordinal);
        return (cloudId[..slash], cloudId[(slash + 1)..]);
    }

    private static CloudResource ToResource(Addon addon, string? requestedAt)
    {
        var attributes = new Dictionary<string, string> { ["status"] = addon.Status ?? "", ["addonVersion"] = addon.AddonVersion ?? "" };
        if ((requestedAt ?? OperationClock.Stamp(addon.CreatedAt)) is { } started && addon.Status != AddonStatus.ACTIVE)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource($"{addon.ClusterName}/{addon.AddonName}", addon.AddonArn, attributes);
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Numbers();

    private sealed class VersionKeyComparer : IComparer<IReadOnlyList<int>>
    {
        public static VersionKeyComparer Instance { get; } = new();

        public int Compare(IReadOnlyList<int>? x, IReadOnlyList<int>? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (x[i] != y[i])
                {
                    return x[i].CompareTo(y[i]);
                }
            }

            return x.Count.CompareTo(y.Count);
        }
    }
}
