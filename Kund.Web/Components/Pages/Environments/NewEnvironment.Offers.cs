using System.Globalization;
using Kund.Domain.Cost;
using Kund.Domain.Specs;
using Kund.Infrastructure.ClusterOffers;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// What EKS offers for the cluster being described, for the EKS and the "Nodes and access" steps: the add-ons
/// compatible with the chosen version and the version's support calendar. Read through <see cref="EksOffers"/>, the
/// service <c>GET /api/eks-addons</c> uses, again only when the region or the version changes.
/// </summary>
public partial class NewEnvironment
{
    private IReadOnlyList<EksAddonOffer>? addonOffers;
    private string? addonOffersError;
    private (string Region, string Version)? addonOffersFor;
    private IReadOnlyList<KubernetesVersionSupport> calendar = [];
    private string? calendarFor;

    /// <summary>The subnets a node group may choose among: the cluster's.</summary>
    private IReadOnlyList<SubnetSpec> NodeGroupSubnets =>
        check?.EffectiveSpec is { Cluster.Subnets: { } names } spec
            ? [.. (spec.Subnets ?? []).Where(s => names.Contains(s.Name))]
            : [];

    /// <summary>The chosen version's support calendar and what each tier costs an hour.</summary>
    private string SupportLine
    {
        get
        {
            var standard = PriceTable.EksClusterStandardSupportPerHour.ToString("0.00", CultureInfo.InvariantCulture);
            var extended = PriceTable.EksClusterExtendedSupportPerHour.ToString("0.00", CultureInfo.InvariantCulture);
            var entry = calendar.FirstOrDefault(v => v.Version == model.KubernetesVersion);
            return entry switch
            {
                null => $"The control plane costs ${standard} an hour in standard support, ${extended} in extended support.",
                { Tier: SupportTier.Extended } => $"Kubernetes {entry.Version} is past standard support{Until(" (it ended ", entry.EndOfStandardSupport, ")")}: "
                    + $"${extended} an hour instead of ${standard}{Until(", until ", entry.EndOfExtendedSupport, "")}.",
                _ => $"Kubernetes {entry.Version}: standard support{Until(" until ", entry.EndOfStandardSupport, "")} at ${standard} an hour; "
                    + $"then extended support{Until(" until ", entry.EndOfExtendedSupport, "")} at ${extended} an hour, if chosen below.",
            };
        }
    }

    private static string Until(string before, DateOnly? day, string after) =>
        day is { } known ? before + known.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + after : "";

    /// <summary>Asks again only when the region or version changed; a failure is shown on the step, never thrown.</summary>
    private async Task LoadClusterOffersAsync()
    {
        if (!model.WithCluster || Region is not { } region)
        {
            return;
        }

        if (calendarFor != region.Name)
        {
            calendarFor = region.Name;
            try
            {
                calendar = await Kund.WithAsync<EksOffers, IReadOnlyList<KubernetesVersionSupport>>((offers, _) => offers.CalendarAsync(region.Name, CancellationToken.None));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                calendar = [];
                Logger.LogWarning(ex, "The Kubernetes version calendar of {Region} could not be read", region.Name);
            }
        }

        if (region.FindKubernetesVersion(model.KubernetesVersion) is null || addonOffersFor == (region.Name, model.KubernetesVersion))
        {
            return;
        }

        var version = model.KubernetesVersion;
        addonOffersFor = (region.Name, version);
        try
        {
            addonOffers = await Kund.WithAsync<EksOffers, IReadOnlyList<EksAddonOffer>>((offers, _) => offers.AddonsAsync(region.Name, version, CancellationToken.None));
            addonOffersError = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            addonOffers = null;
            addonOffersError = $"The add-ons EKS offers for {version} could not be listed: {FriendlyErrors.Describe(ex)}";
            if (!FriendlyErrors.IsExpected(ex))
            {
                Logger.LogError(ex, "The add-ons of {Region} {Version} could not be listed", region.Name, version);
            }
        }
    }
}
