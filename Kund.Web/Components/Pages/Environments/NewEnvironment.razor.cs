using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Cost;
using Kund.Domain.Environments;
using Kund.Domain.Network;
using Kund.Domain.Planning;
using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The new-environment wizard: one step per concept, checked as the user types by the same defaults and
/// validator the API uses, saved as a draft as the person types (debounced) once the basics are valid, with the
/// step they reached, so that a reload reopens the same step with what they typed. In change mode
/// (NewEnvironment.Change.cs) it proposes a revision of an environment that exists instead.
/// </summary>
public partial class NewEnvironment : IDisposable
{
    /// <summary>How long typing pauses before the draft is saved.</summary>
    internal static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(600);

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
        [SpecPaths.Name, SpecPaths.Team, SpecPaths.Region, SpecPaths.Purpose, SpecPaths.ExpiresAt, SpecPaths.Tags, PolicyRules.MonthlyCostUsd],
        ["vpc."],
        [SpecPaths.Subnets],
        ["routing."],
        ["clusterRole."],
        ["cluster."],
        [.. NodesPaths.Prefixes],
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
    private PolicyInput? policy;
    private SpecPreview preview = SpecPreview.None;
    private ValidationResult result = ValidationResult.Valid;
    private readonly SemaphoreSlim saving = new(1, 1);
    private readonly HashSet<string> touched = new(StringComparer.Ordinal);
    private CancellationTokenSource? pendingSave;
    private string? savedAs;

    /// <summary>The draft to continue, from <c>/environments/{id}/edit</c>.</summary>
    [Parameter]
    public Guid? Id { get; set; }

    /// <summary>The draft to continue, from <c>/environments/new?draft=</c>.</summary>
    [SupplyParameterFromQuery(Name = "draft")]
    public Guid? Draft { get; set; }

    /// <summary>The environment to clone, from <c>/environments/new?clone=</c>: the wizard starts from its spec, renamed and moved to a free range.</summary>
    [SupplyParameterFromQuery(Name = "clone")]
    public Guid? Clone { get; set; }

    /// <summary>The step to reopen, from <c>/environments/new?draft=&amp;step=</c>; the stored step when absent.</summary>
    [SupplyParameterFromQuery(Name = "step")]
    public string? StepQuery { get; set; }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ITeamPolicies TeamPolicies { get; set; } = default!;

    internal WizardModel Model => model;

    internal int Step => step;

    /// <summary>The draft holds everything typed so far.</summary>
    internal bool Saved => model.DraftId is not null && savedAs == Fingerprint();

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
        if (!loading && (ChangeOf is null || ChangeOf == loadedChange) && (wanted is null || wanted == model.DraftId))
        {
            return;
        }

        try
        {
            catalog = await Kund.CatalogAsync();
            var user = await Kund.UserAsync();
            teams = user is { IsRequester: true } ? [.. user.Teams.Order(StringComparer.Ordinal)] : [];
            if (ChangeOf is { } changed)
            {
                await LoadChangeAsync(changed, user);
                if (changeNotAllowed || changeRefusal is not null)
                {
                    return;
                }
            }
            else if (wanted is { } id)
            {
                var view = await Kund.QueryAsync((q, c) => q.GetAsync(c, id, CancellationToken.None));
                if (view.Status is not (EnvironmentStatus.Draft or EnvironmentStatus.Rejected))
                {
                    Navigation.NavigateTo($"/environments/{id}");
                    return;
                }

                model = WizardModel.FromSpec(id, view.Spec, view.WizardStep);
                if (Region is { } region && region.FindKubernetesVersion(model.KubernetesVersion) is null)
                {
                    // A draft saved before the EKS step has no version yet: offer the default, as a new wizard does.
                    model.KubernetesVersion = DefaultVersion();
                }

                var reopen = int.TryParse(StepQuery, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked)
                    ? asked
                    : (view.WizardStep is { } stopped && stopped < WizardModel.ReviewStep ? stopped : WizardModel.BasicsStep);
                step = Math.Clamp(reopen, WizardModel.BasicsStep, model.Reached);
                savedAs = Fingerprint();
            }
            else if (Clone is { } source)
            {
                var spec = await Kund.WithAsync<Kund.Infrastructure.Revisions.RevisionService, EnvironmentSpec>((s, c) => s.CloneSpecAsync(c, source, CancellationToken.None));
                model = WizardModel.FromSpec(Guid.Empty, spec);
                model.DraftId = null;
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

    /// <summary>Checks the spec as given so far: defaults applied, then every rule, as the API does; and what EKS offers for it.</summary>
    internal async Task ValidateAsync()
    {
        var spec = model.ToSpec();
        if (!string.IsNullOrWhiteSpace(spec.Team) && policy?.Team != spec.Team)
        {
            policy = await Kund.WithAsync<TeamSpend, PolicyInput>((spend, _) => spend.InputAsync(spec.Team, catalog, Draft, CancellationToken.None));
        }

        check = policy is not null && policy.Team == spec.Team
            ? SpecCheck.Of(spec, catalog, policy, Time.GetUtcNow())
            : SpecCheck.Of(spec, catalog, await TeamPolicies.GetAsync(spec.Team ?? "", CancellationToken.None), Time.GetUtcNow());
        preview = SpecPreview.Of(check, catalog);
        result = IsChange ? WithChangeRefusals(check.Result) : check.Result;
        await LoadClusterOffersAsync();
    }

    /// <summary>What the team's policy means for this environment: its expiry by the TTL, and its share of the budget.</summary>
    internal IReadOnlyList<string> PolicyLines
    {
        get
        {
            var lines = new List<string>();
            if (policy is null || check is null)
            {
                return lines;
            }

            var culture = System.Globalization.CultureInfo.InvariantCulture;
            if (model.ExpiresOn is null && check.EffectiveSpec.ExpiresAt is { } expiry)
            {
                lines.Add(string.Create(culture, $"Expires {expiry:yyyy-MM-dd HH:mm} UTC by {policy.Team}'s policy for {check.EffectiveSpec.Purpose.ToString().ToLowerInvariant()} environments."));
            }

            if (policy.BudgetLeftUsd is { } left && preview.Cost is { } cost)
            {
                var share = cost.MonthlyTotalUsd / Math.Max(policy.Policy.MonthlyBudgetUsd ?? 1, 0.01m) * 100;
                lines.Add(string.Create(culture, $"Budget: {PriceTable.FormatUsd(left)} of {PriceTable.FormatUsd(policy.Policy.MonthlyBudgetUsd ?? 0)} a month left; this environment would take {PriceTable.FormatUsd(cost.MonthlyTotalUsd)} ({share:0.#}% of the budget)."));
            }

            return lines;
        }
    }

    private async Task RegionChangedAsync()
    {
        if (Region is { } region && region.FindKubernetesVersion(model.KubernetesVersion) is null)
        {
            model.KubernetesVersion = DefaultVersion();
        }

        await ChangedAsync();
    }

    /// <summary>After every edit: check it, and save the draft once typing pauses.</summary>
    internal async Task ChangedAsync()
    {
        await ValidateAsync();
        ScheduleSave();
    }

    private void Touch(string path) => touched.Add(path);

    private async Task TouchedAsync(string path)
    {
        Touch(path);
        await ChangedAsync();
    }

    /// <summary>A field's error shows once the person has touched it or tried to leave its step, not before any input.</summary>
    private bool Shown(string path, int stepIndex) => touched.Contains(path) || stepIndex < Math.Max(model.Reached, step) || tried.Contains(stepIndex);

    private readonly HashSet<int> tried = [];

    private void ScheduleSave()
    {
        if (IsChange)
        {
            // A change is proposed at the end, in one go; nothing is stored while the person edits.
            return;
        }

        pendingSave?.Cancel();
        pendingSave?.Dispose();
        pendingSave = new CancellationTokenSource();
        _ = SaveWhenIdleAsync(pendingSave.Token);
    }

    private async Task SaveWhenIdleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(SaveDelay, Time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await InvokeAsync(async () =>
        {
            if (!cancellationToken.IsCancellationRequested && result.IsValid && await SaveDraftAsync(quiet: true))
            {
                StateHasChanged();
            }
        });
    }

    public void Dispose()
    {
        pendingSave?.Cancel();
        pendingSave?.Dispose();
        saving.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Fingerprint() => JsonSerializer.Serialize(model.ToSpec(), KundJson.Options) + "@" + model.Reached.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

        await ChangedAsync();
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
        await ChangedAsync();
    }

    private async Task RemoveSubnetAsync(int index)
    {
        model.ClusterSubnets.Remove(model.Subnets[index].Name);
        model.Subnets.RemoveAt(index);
        await ChangedAsync();
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

        await ChangedAsync();
    }

    internal async Task NextAsync()
    {
        await ValidateAsync();
        tried.Add(step);
        if (StepHasErrors(step))
        {
            Snackbar.Add("Fix the fields marked in red first.", Severity.Warning);
            return;
        }

        busy = true;
        try
        {
            var next = step + 1;
            if (next == WizardModel.NodesStep && model.Reached < WizardModel.NodesStep)
            {
                // The first visit shows what Kund would do, ready to edit.
                model.Nodes.AdoptDefaults(check?.EffectiveSpec.Cluster);
            }

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
            if (!await SaveDraftAsync())
            {
                return;
            }

            // The step first: moving the stepper calls StepChangedAsync, which then has nothing left to do.
            step = next;
            if (stepper is not null)
            {
                await stepper.NextStepAsync();
            }

            ShowStepInAddress();
            if (IsChange && step == WizardModel.ReviewStep)
            {
                await PreviewChangeAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    internal async Task BackAsync()
    {
        step = Math.Max(0, step - 1);
        if (stepper is not null)
        {
            await stepper.PreviousStepAsync();
        }

        ShowStepInAddress();
        await ValidateAsync();
    }

    /// <summary>Keeps the step in the address, so that a reload reopens it.</summary>
    private void ShowStepInAddress()
    {
        if (!IsChange && model.DraftId is { } id)
        {
            Navigation.NavigateTo($"/environments/new?draft={id}&step={step}", new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }

    /// <summary>
    /// The stepper moved: a click on a step's title, or Next and Back moving it after setting <see cref="step"/>
    /// themselves (they check and preview once, so this does not do it a second time beside theirs).
    /// </summary>
    private async Task StepChangedAsync(int index)
    {
        if (index == step)
        {
            return;
        }

        step = index;
        ShowStepInAddress();
        if (IsChange && step == WizardModel.ReviewStep)
        {
            await PreviewChangeAsync();
        }
        else
        {
            await ValidateAsync();
        }
    }

    /// <summary>
    /// Stores the spec so far and the furthest step seen: a draft once the basics are valid, updated after. One
    /// save at a time, and none when nothing changed since the last.
    /// </summary>
    private async Task<bool> SaveDraftAsync(bool quiet = false)
    {
        if (IsChange || !result.IsValid)
        {
            // Later steps' errors do not block an earlier step; the draft is saved once they are fixed. A change
            // keeps no draft: it is proposed when submitted.
            return !StepHasErrors(step);
        }

        await saving.WaitAsync();
        try
        {
            var fingerprint = Fingerprint();
            if (model.DraftId is not null && fingerprint == savedAs)
            {
                return true;
            }

            var spec = model.ToSpec();
            if (model.DraftId is { } id)
            {
                await Kund.CommandAsync((s, c) => s.UpdateDraftAsync(c, id, spec, model.Reached, CancellationToken.None));
            }
            else
            {
                var created = await Kund.CommandAsync((s, c) => s.CreateDraftAsync(c, spec, model.Reached, CancellationToken.None));
                model.DraftId = created.Id;
                ShowStepInAddress();
            }

            savedAs = fingerprint;
            return true;
        }
        catch (SpecValidationException invalid)
        {
            result = invalid.Result;
            if (!quiet)
            {
                var where = FirstStepWithErrors();
                Snackbar.Add(where is { } s && s != step ? $"Not saved: see the {StepTitle(s)} step." : "Not saved: fix the fields marked in red.", Severity.Warning);
            }

            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ex);
            return false;
        }
        finally
        {
            saving.Release();
        }
    }

    private async Task SubmitAsync()
    {
        busy = true;
        try
        {
            if (ChangeOf is { } changed)
            {
                await SubmitChangeAsync(changed);
                return;
            }

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
        index < StepPrefixes.Length && result.Errors.Keys.Any(path => StepOf(path) == index);

    /// <summary>The step that shows the field at <paramref name="path"/>: the nodes step's paths lie under the EKS step's <c>cluster.</c>.</summary>
    private static int? StepOf(string path)
    {
        if (NodesPaths.Owns(path))
        {
            return WizardModel.NodesStep;
        }

        for (var i = 0; i < StepPrefixes.Length; i++)
        {
            if (StepPrefixes[i].Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Steps not reached yet do not shout about fields the user has not seen.</summary>
    private bool ShowStepError(int index) =>
        (index < Math.Max(model.Reached, step) || tried.Contains(index) || (index == step && touched.Count > 0)) && StepHasErrors(index);

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
        WizardModel.NodesStep => "Nodes and access",
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
                && !e.Key.StartsWith(SpecPaths.ClusterPublicAccessCidrs, StringComparison.Ordinal) && !NodesPaths.Owns(e.Key))
            .SelectMany(e => e.Value)];

    private List<string> WarningsUnder(string prefix, params string[] shownAtField) =>
        [.. result.Warnings.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !shownAtField.Contains(e.Key)
                && !e.Key.StartsWith(SpecPaths.ClusterPublicAccessCidrs, StringComparison.Ordinal) && !NodesPaths.Owns(e.Key))
            .SelectMany(e => e.Value)];

    private static string Usable(string cidr) => CidrBlock.TryParse(cidr, out var block) ? block.UsableAddressCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
