using System.Text.Json;
using Kund.Domain.Environments;
using Kund.Domain.Network;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The new-environment wizard: one step per concept, checked as the user types by the same defaults and
/// validator the API uses, saved as a draft on every step once the basics and the VPC are valid.
/// </summary>
public partial class NewEnvironment
{
    /// <summary>What AmazonEKSClusterPolicy lets EKS do with the cluster role, for people deciding whether to trust it.</summary>
    internal static readonly IReadOnlyList<(string Service, string What)> PolicyActions =
    [
        ("autoscaling", "describe and update the Auto Scaling groups of node groups"),
        ("ec2", "describe the network, manage security groups, routes, volumes and tags, and network interfaces for the control plane"),
        ("elasticloadbalancing", "create and manage load balancers for Kubernetes Services of type LoadBalancer"),
        ("kms:DescribeKey", "read the key used for secrets encryption"),
        ("iam:CreateServiceLinkedRole", "only for elasticloadbalancing.amazonaws.com, the first time a load balancer is made"),
    ];

    private static readonly string[][] StepPrefixes =
    [
        [SpecPaths.Name, SpecPaths.Team, SpecPaths.Region, SpecPaths.Purpose, SpecPaths.ExpiresAt, SpecPaths.Tags],
        ["vpc."],
        [SpecPaths.Subnets],
        ["routing."],
        ["clusterRole."],
        ["cluster."],
    ];

    private WizardModel model = new();
    private MudStepper? stepper;
    private int step;
    private bool loading = true;
    private bool busy;
    private string? loadError;
    private CloudCatalog catalog = new([]);
    private IReadOnlyList<string> teams = [];
    private SpecCheck? check;
    private ValidationResult result = ValidationResult.Valid;

    /// <summary>The draft to continue, from <c>/environments/{id}/edit</c>.</summary>
    [Parameter]
    public Guid? Id { get; set; }

    /// <summary>The draft to continue, from <c>/environments/new?draft=</c>.</summary>
    [SupplyParameterFromQuery(Name = "draft")]
    public Guid? Draft { get; set; }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    internal WizardModel Model => model;

    internal int Step => step;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string TrustPolicy { get; } = JsonSerializer.Serialize(
        JsonDocument.Parse(ResourceGraphBuilder.EksClusterTrustPolicy).RootElement, Indented);

    private CloudRegion? Region => catalog.FindRegion(model.Region);

    private IReadOnlyList<string> Zones => Region?.AvailabilityZones ?? [];

    private CidrBlock? VpcBlock => CidrBlock.TryParse(model.VpcCidr, out var block) ? block : null;

    private IReadOnlyList<SubnetSpec> EffectiveSubnets => check?.EffectiveSpec.Subnets ?? [];

    protected override async Task OnParametersSetAsync()
    {
        var wanted = Id ?? Draft;
        if (!loading && (wanted is null || wanted == model.DraftId))
        {
            return;
        }

        try
        {
            catalog = await Kund.CatalogAsync();
            var user = await Kund.UserAsync();
            teams = user is { IsRequester: true } ? [.. user.Teams.Order(StringComparer.Ordinal)] : [];
            if (wanted is { } id)
            {
                var view = await Kund.QueryAsync((q, c) => q.GetAsync(c, id, CancellationToken.None));
                if (view.Status is not (EnvironmentStatus.Draft or EnvironmentStatus.Rejected))
                {
                    Navigation.NavigateTo($"/environments/{id}");
                    return;
                }

                model = WizardModel.FromSpec(id, view.Spec);
            }
            else
            {
                model.Team = teams.Count == 1 ? teams[0] : model.Team;
                model.Region = catalog.Regions.Count > 0 ? catalog.Regions[0].Name : "";
                model.KubernetesVersion = DefaultVersion();
            }

            await ValidateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            loadError = FriendlyErrors.Describe(ex);
            if (!FriendlyErrors.IsExpected(ex))
            {
                Logger.LogError(ex, "The wizard could not load");
            }
        }
        finally
        {
            loading = false;
        }
    }

    /// <summary>Checks the spec as given so far: defaults applied, then every rule, as the API does.</summary>
    internal Task ValidateAsync()
    {
        var spec = model.ToSpec();
        var effective = SpecDefaults.Apply(spec, catalog);
        check = new SpecCheck(effective, SpecValidator.Validate(effective, catalog, Time.GetUtcNow()));
        result = check.Result;
        return Task.CompletedTask;
    }

    private async Task RegionChangedAsync()
    {
        if (Region is { } region && region.FindKubernetesVersion(model.KubernetesVersion) is null)
        {
            model.KubernetesVersion = DefaultVersion();
        }

        await ValidateAsync();
    }

    private string DefaultVersion() =>
        Region?.KubernetesVersions.FirstOrDefault(v => v.Tier == SupportTier.Standard)?.Version
        ?? (Region is { KubernetesVersions.Count: > 0 } region ? region.KubernetesVersions[0].Version : "");

    internal async Task UseDefaultLayoutAsync()
    {
        if (VpcBlock is { } vpc && NetworkLayout.Default(vpc, Zones) is { } layout)
        {
            model.Subnets = [.. layout.Select(SubnetRow.From)];
            model.ClusterSubnets.Clear();
        }
        else
        {
            Snackbar.Add("The default layout needs a VPC of /26 or larger in a region with two zones.", Severity.Warning);
        }

        await ValidateAsync();
    }

    private async Task AddSubnetAsync()
    {
        if (VpcBlock is not { } vpc)
        {
            return;
        }

        var existing = model.Subnets.Select(s => CidrBlock.TryParse(s.Cidr, out var b) ? b : (CidrBlock?)null).OfType<CidrBlock>().ToList();
        var prefix = existing.Count > 0 ? existing[^1].PrefixLength : NetworkLayout.DefaultSubnetPrefixLength(vpc);
        var next = NetworkLayout.NextFreeBlock(vpc, existing, prefix);
        if (next is null)
        {
            Snackbar.Add($"No free /{prefix} is left in {vpc}; shrink a subnet or pick a smaller size.", Severity.Warning);
        }

        model.Subnets.Add(new SubnetRow
        {
            Name = $"subnet-{model.Subnets.Count + 1}",
            Cidr = next?.ToString() ?? "",
            AvailabilityZone = Zones.Count > 0 ? Zones[0] : "",
            Tier = SubnetTier.Private,
        });
        await ValidateAsync();
    }

    private async Task RemoveSubnetAsync(int index)
    {
        model.ClusterSubnets.Remove(model.Subnets[index].Name);
        model.Subnets.RemoveAt(index);
        await ValidateAsync();
    }

    private async Task ToggleAsync(HashSet<string> set, string value, bool on)
    {
        if (on)
        {
            set.Add(value);
        }
        else
        {
            set.Remove(value);
        }

        await ValidateAsync();
    }

    internal async Task NextAsync()
    {
        await ValidateAsync();
        if (StepHasErrors(step))
        {
            Snackbar.Add("Fix the fields marked in red first.", Severity.Warning);
            return;
        }

        busy = true;
        try
        {
            var next = step + 1;
            model.Reached = Math.Max(model.Reached, next);
            if (next == WizardModel.ClusterStep && model.ClusterSubnets.Count == 0)
            {
                await ValidateAsync();
                foreach (var subnet in EffectiveSubnets.Where(s => s.Tier == SubnetTier.Private))
                {
                    model.ClusterSubnets.Add(subnet.Name);
                }
            }

            await ValidateAsync();
            if (step >= WizardModel.VpcStep && !await SaveDraftAsync())
            {
                return;
            }

            if (stepper is not null)
            {
                await stepper.NextStepAsync();
            }

            step = next;
        }
        finally
        {
            busy = false;
        }
    }

    internal async Task BackAsync()
    {
        if (stepper is not null)
        {
            await stepper.PreviousStepAsync();
        }

        step = Math.Max(0, step - 1);
        await ValidateAsync();
    }

    /// <summary>Stores the spec so far: a draft once the basics and the VPC are valid, updated on every step after.</summary>
    private async Task<bool> SaveDraftAsync()
    {
        if (!result.IsValid)
        {
            // Later steps' errors do not block an earlier step; the draft is saved once they are fixed.
            return !StepHasErrors(step);
        }

        var spec = model.ToSpec();
        try
        {
            if (model.DraftId is { } id)
            {
                await Kund.CommandAsync((s, c) => s.UpdateDraftAsync(c, id, spec, CancellationToken.None));
            }
            else
            {
                var created = await Kund.CommandAsync((s, c) => s.CreateDraftAsync(c, spec, CancellationToken.None));
                model.DraftId = created.Id;
                Navigation.NavigateTo($"/environments/new?draft={created.Id}", new NavigationOptions { ReplaceHistoryEntry = true });
            }

            return true;
        }
        catch (SpecValidationException invalid)
        {
            result = invalid.Result;
            var where = FirstStepWithErrors();
            Snackbar.Add(where is { } s && s != step ? $"Not saved: see the {StepTitle(s)} step." : "Not saved: fix the fields marked in red.", Severity.Warning);
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ex);
            return false;
        }
    }

    private async Task SubmitAsync()
    {
        busy = true;
        try
        {
            model.Reached = WizardModel.ReviewStep;
            await ValidateAsync();
            if (!await SaveDraftAsync() || model.DraftId is not { } id)
            {
                return;
            }

            if (await TryAsync(() => Kund.CommandAsync((s, c) => s.SubmitAsync(c, id, CancellationToken.None)), "Submitted for approval."))
            {
                Navigation.NavigateTo($"/environments/{id}");
            }
        }
        finally
        {
            busy = false;
        }
    }

    internal bool StepHasErrors(int index) =>
        index < StepPrefixes.Length && result.Errors.Keys.Any(path => StepPrefixes[index].Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Steps not reached yet do not shout about fields the user has not seen.</summary>
    private bool ShowStepError(int index) => index <= Math.Max(model.Reached, step) && StepHasErrors(index);

    private int? FirstStepWithErrors()
    {
        for (var i = 0; i < StepPrefixes.Length; i++)
        {
            if (StepHasErrors(i))
            {
                return i;
            }
        }

        return null;
    }

    private static string StepTitle(int index) => index switch
    {
        WizardModel.BasicsStep => "Basics",
        WizardModel.VpcStep => "VPC",
        WizardModel.SubnetsStep => "Subnets",
        WizardModel.RoutingStep => "Routing",
        WizardModel.RoleStep => "Cluster role",
        WizardModel.ClusterStep => "EKS",
        _ => "Review",
    };

    private bool Has(string path) => result.ErrorsAt(path).Count > 0;

    private string? Err(string path) => result.ErrorsAt(path) is { Count: > 0 } errors ? string.Join(" ", errors) : null;

    private string? Warn(string path) => result.WarningsAt(path) is { Count: > 0 } warnings ? string.Join(" ", warnings) : null;

    private bool HasUnder(string prefix) => result.Errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private string? ErrUnder(string prefix) =>
        HasUnder(prefix) ? string.Join(" ", result.Errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(e => e.Value)) : null;

    private string? WarnUnder(string prefix) =>
        result.Warnings.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(e => e.Value).ToList() is { Count: > 0 } w ? string.Join(" ", w) : null;

    private IReadOnlyList<string> ErrorsAt(string path) => result.ErrorsAt(path);

    /// <summary>Errors under <paramref name="prefix"/> not already shown at one of the <paramref name="shownAtField"/> fields.</summary>
    private List<string> ErrorsUnder(string prefix, params string[] shownAtField) =>
        [.. result.Errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !shownAtField.Contains(e.Key)
                && !e.Key.StartsWith(SpecPaths.ClusterPublicAccessCidrs, StringComparison.Ordinal))
            .SelectMany(e => e.Value)];

    private List<string> WarningsUnder(string prefix, params string[] shownAtField) =>
        [.. result.Warnings.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !shownAtField.Contains(e.Key)
                && !e.Key.StartsWith(SpecPaths.ClusterPublicAccessCidrs, StringComparison.Ordinal))
            .SelectMany(e => e.Value)];

    private static string Usable(string cidr) => CidrBlock.TryParse(cidr, out var block) ? block.UsableAddressCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private List<RouteTableDesired> RouteTables()
    {
        if (check is null)
        {
            return [];
        }

        try
        {
            return [.. ResourceGraphBuilder.Build(check.EffectiveSpec).Nodes.Select(n => n.Desired).OfType<RouteTableDesired>()];
        }
        catch (ArgumentException)
        {
            // The spec cannot make a graph yet (its errors say why, at their fields).
            return [];
        }
    }
}
