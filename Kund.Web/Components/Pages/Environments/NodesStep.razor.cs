using Kund.Domain.Specs;
using Kund.Infrastructure.ClusterOffers;
using Microsoft.AspNetCore.Components;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The "Nodes and access" step of the wizard. It edits <see cref="Nodes"/> in place and tells the wizard through
/// <see cref="Changed"/>, which checks the spec again; errors come back in <see cref="Result"/> by path.
/// </summary>
public partial class NodesStep
{
    /// <summary>What the add-on version picker shows for <c>version: null</c>.</summary>
    private const string Newest = "";

    private static readonly string[] NodeGroupFields = ["name", "instanceTypes", "capacityType", "amiType", "diskSizeGiB", "minSize", "desiredSize", "maxSize", "subnets", "labels"];

    private static readonly string[] AccessFields = ["principalArn", "policy", "namespaces"];

    /// <summary>The step's part of the wizard's model.</summary>
    [Parameter, EditorRequired]
    public NodesModel Nodes { get; set; } = new();

    /// <summary>The cluster's subnets, which node groups choose among.</summary>
    [Parameter]
    public IReadOnlyList<SubnetSpec> ClusterSubnets { get; set; } = [];

    /// <summary>The add-ons EKS offers for the chosen Kubernetes version; null while they load.</summary>
    [Parameter]
    public IReadOnlyList<EksAddonOffer>? AddonOffers { get; set; }

    /// <summary>Why the add-ons could not be listed, if they could not.</summary>
    [Parameter]
    public string? AddonOffersError { get; set; }

    /// <summary>
    /// The instance types EC2 offers in the region (the cloud catalog, DescribeInstanceTypeOfferings): what node
    /// groups choose among. Null when the catalog does not know them: the types are then typed in.
    /// </summary>
    [Parameter]
    public IReadOnlyList<string>? OfferedInstanceTypes { get; set; }

    /// <summary>The spec's region, for the instance types' captions.</summary>
    [Parameter]
    public string RegionName { get; set; } = "";

    /// <summary>The environment's name, for the default node role name.</summary>
    [Parameter]
    public string EnvironmentName { get; set; } = "";

    /// <summary>The check of the spec as given so far.</summary>
    [Parameter, EditorRequired]
    public ValidationResult Result { get; set; } = ValidationResult.Valid;

    /// <summary>After every edit.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    private string? NextAddon =>
        AddonOffers?.Select(o => o.Name).FirstOrDefault(name => !(Nodes.Addons ?? DefaultAddons()).Any(a => a.Name == name));

    private Task ChangedAsync() => Changed.InvokeAsync();

    private async Task ModeChangedAsync(ComputeMode mode)
    {
        Nodes.Mode = mode;
        await ChangedAsync();
    }

    internal async Task AddNodeGroupAsync()
    {
        var group = Nodes.NewNodeGroup();
        (Nodes.NodeGroups ??= []).Add(group);
        await ChangedAsync();
    }

    private async Task RemoveNodeGroupAsync(int index)
    {
        Nodes.NodeGroups?.RemoveAt(index);
        await ChangedAsync();
    }

    private async Task SetInstanceTypesAsync(NodeGroupRow group, IEnumerable<string>? types)
    {
        group.InstanceTypeList = [.. types ?? []];
        await ChangedAsync();
    }

    /// <summary>The region's offered types, after any the group already names that the region does not offer (shown so they can be taken out).</summary>
    internal static IReadOnlyList<string> InstanceTypeChoices(NodeGroupRow group, IReadOnlyList<string> offered) =>
        [.. group.InstanceTypeList.Where(type => !offered.Contains(type, StringComparer.Ordinal)), .. offered];

    private async Task ToggleSubnetAsync(NodeGroupRow group, string subnet, bool on)
    {
        if (on)
        {
            group.Subnets.Add(subnet);
        }
        else
        {
            group.Subnets.Remove(subnet);
        }

        await ChangedAsync();
    }

    private async Task AddAddonAsync()
    {
        if (NextAddon is { } name)
        {
            (Nodes.Addons ??= DefaultAddons()).Add(new AddonRow { Name = name });
            await ChangedAsync();
        }
    }

    private async Task RemoveAddonAsync(int index)
    {
        (Nodes.Addons ??= DefaultAddons()).RemoveAt(index);
        await ChangedAsync();
    }

    private async Task PinAsync(int index, string? version)
    {
        (Nodes.Addons ??= DefaultAddons())[index].Version = string.IsNullOrEmpty(version) ? null : version;
        await ChangedAsync();
    }

    internal async Task AddPrincipalAsync()
    {
        (Nodes.Access ??= []).Add(new AccessRow());
        await ChangedAsync();
    }

    private async Task RemovePrincipalAsync(int index)
    {
        Nodes.Access?.RemoveAt(index);
        await ChangedAsync();
    }

    private static List<AddonRow> DefaultAddons() => [.. NodesModel.UsualAddons.Select(n => new AddonRow { Name = n })];

    private EksAddonOffer? Offer(string name) => AddonOffers?.FirstOrDefault(o => o.Name == name);

    private string NewestLabel(string name) => Offer(name) is { } offer ? $"newest compatible ({offer.Newest})" : "newest compatible";

    private bool Has(string path) => Result.Errors.Keys.Any(k => NodesPaths.Under(k, path));

    private string? Err(string path) =>
        Result.Errors.Where(e => NodesPaths.Under(e.Key, path)).SelectMany(e => e.Value).ToList() is { Count: > 0 } errors ? string.Join(" ", errors) : null;

    /// <summary>The step's messages that no field of it shows: about a whole node group, the compute mode, the lists.</summary>
    private List<string> Unplaced(IReadOnlyDictionary<string, IReadOnlyList<string>> messages)
    {
        var fields = PlacedFields();
        return [.. messages.Where(m => NodesPaths.Owns(m.Key) && !fields.Any(f => NodesPaths.Under(m.Key, f))).SelectMany(m => m.Value)];
    }

    private List<string> PlacedFields()
    {
        var fields = new List<string>();
        if (Nodes.Mode == ComputeMode.ManagedNodes)
        {
            for (var i = 0; i < (Nodes.NodeGroups?.Count ?? 0); i++)
            {
                fields.AddRange(NodeGroupFields.Select(f => NodesPaths.NodeGroup(i, f)));
            }
        }

        if (Nodes.Mode != ComputeMode.None)
        {
            fields.Add(Nodes.CreateNodeRole ? NodesPaths.NodeRoleName : NodesPaths.NodeRoleExistingArn);
        }

        for (var i = 0; i < (Nodes.Addons ?? DefaultAddons()).Count; i++)
        {
            fields.Add(NodesPaths.Addon(i, "name"));
            fields.Add(NodesPaths.Addon(i, "version"));
        }

        for (var i = 0; i < (Nodes.Access?.Count ?? 0); i++)
        {
            fields.AddRange(AccessFields.Select(f => NodesPaths.AccessEntry(i, f)));
        }

        return fields;
    }
}
