using System.Globalization;
using System.Text.RegularExpressions;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// An EKS managed add-on at its pinned version, else the newest DescribeAddonVersions reports compatible
/// with the cluster's Kubernetes version. Conflicts with the self-managed copy EKS may have installed are
/// overwritten. Waits for ACTIVE (coredns stays DEGRADED until nodes run: the graph orders it after a node
/// group); CREATE_FAILED is permanent. The id is <c>&lt;cluster&gt;/&lt;add-on&gt;</c>.
/// </summary>
public sealed partial class EksAddonDriver(AwsClients clients, TimeProvider timeProvider)
    : EksClusterChildDriver<EksAddonDesired, Addon>(clients, timeProvider)
{
    public override ResourceKind Kind => ResourceKind.EksAddon;

    protected override TimeSpan ExpectedCreate => Clients.Options.ExpectedDurations.EksAddonCreate;

    protected override TimeSpan ExpectedDelete => Clients.Options.ExpectedDurations.EksAddonDelete;

    protected override (string ClusterKey, string PlannedCluster, string Name) Names(EksAddonDesired desired) =>
        (desired.ClusterKey, desired.ClusterName, desired.AddonName);

    protected override async Task<Addon> CreateAsync(ResourceContext context, IEksClient eks, string cluster, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAddonDesired>();
        var request = new CreateAddonRequest
        {
            ClusterName = cluster,
            AddonName = desired.AddonName,
            AddonVersion = desired.Version ?? await NewestCompatibleAsync(context, cancellationToken),
            ResolveConflicts = "OVERWRITE",
            Tags = new Dictionary<string, string>(KundTags.For(context)),
            ClientRequestToken = KundTags.ClientToken(context),
        };
        return (await eks.CreateAddonAsync(request, cancellationToken)).Addon;
    }

    protected override async Task<Addon?> DescribeAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = cluster, AddonName = name }, cancellationToken)))?.Addon;

    protected override Task DeleteAsync(IEksClient eks, string cluster, string name, CancellationToken cancellationToken) =>
        eks.DeleteAddonAsync(new DeleteAddonRequest { ClusterName = cluster, AddonName = name, Preserve = false }, cancellationToken);

    protected override IEnumerable<KeyValuePair<string, string>>? TagsOf(Addon item) => item.Tags;

    protected override string? StatusOf(Addon item) => item.Status;

    protected override IReadOnlySet<string> FailedStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "CREATE_FAILED", "DEGRADED" };

    protected override string Noun => "add-on";

    protected override CloudOperationException Failure(Addon item) => new(
        CloudErrorKind.Permanent,
        item.Health?.Issues.FirstOrDefault()?.Code ?? "AddonCreateFailed",
        $"Add-on {item.AddonName} is {item.Status}: " + string.Join("; ", (item.Health?.Issues ?? []).Select(i => $"{i.Code}: {i.Message}")));

    protected override string NotOursMessage(EksAddonDesired desired, string cluster) =>
        $"The add-on '{desired.AddonName}' already exists in cluster '{cluster}' and was not installed by Kund for this environment.";

    protected override CloudResource ToResource(Addon item, string? requestedAt)
    {
        var attributes = new Dictionary<string, string> { ["status"] = item.Status ?? "", ["addonVersion"] = item.AddonVersion ?? "" };
        if ((requestedAt ?? OperationClock.Stamp(item.CreatedAt)) is { } started && item.Status != AddonStatus.ACTIVE)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource($"{item.ClusterName}/{item.AddonName}", item.AddonArn, attributes);
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
