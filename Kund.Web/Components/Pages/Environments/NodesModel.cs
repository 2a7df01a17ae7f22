using Kund.Domain.Specs;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// What the wizard's "Nodes and access" step holds: compute mode, node groups, node role, add-ons and access
/// entries. A list left null is not the person's choice yet, so the service's defaults fill it (the four usual
/// add-ons, the team's principals); once they edit it, it is theirs, even when empty.
/// </summary>
public sealed class NodesModel
{
    /// <summary>The add-ons EKS clusters usually run, in the order api.md lists them.</summary>
    public static readonly IReadOnlyList<string> UsualAddons = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"];

    /// <summary>The AMI types offered for managed node groups.</summary>
    public static readonly IReadOnlyList<string> AmiTypes =
        ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"];

    public ComputeMode Mode { get; set; } = ComputeMode.ManagedNodes;

    /// <summary>Null: one node group <c>general</c>, the default.</summary>
    public List<NodeGroupRow>? NodeGroups { get; set; }

    public bool CreateNodeRole { get; set; } = true;

    public string? NodeRoleName { get; set; }

    public string? ExistingNodeRoleArn { get; set; }

    /// <summary>Null: the usual four at their newest compatible versions.</summary>
    public List<AddonRow>? Addons { get; set; }

    /// <summary>Null: the team's principals with cluster admin.</summary>
    public List<AccessRow>? Access { get; set; }

    public ComputeSpec ToCompute() => new()
    {
        Mode = Mode,
        NodeGroups = Mode == ComputeMode.ManagedNodes && NodeGroups is { } groups ? [.. groups.Select(g => g.ToSpec())] : null,
    };

    /// <summary>No role for a control plane without nodes.</summary>
    public ClusterRoleSpec? ToNodeRole() => Mode == ComputeMode.None ? null : CreateNodeRole
        ? new ClusterRoleSpec { Create = true, Name = string.IsNullOrWhiteSpace(NodeRoleName) ? null : NodeRoleName.Trim() }
        : new ClusterRoleSpec { Create = false, ExistingArn = ExistingNodeRoleArn?.Trim() };

    public IReadOnlyList<AddonSpec>? ToAddons() => Addons is { } rows ? [.. rows.Select(a => new AddonSpec { Name = a.Name, Version = a.Version })] : null;

    public IReadOnlyList<AccessEntrySpec>? ToAccess() => Access is { } rows ? [.. rows.Select(a => a.ToSpec())] : null;

    /// <summary>
    /// Takes what the effective spec says for every part the person has not made theirs yet, so that the step
    /// shows (and lets them edit) what Kund would do.
    /// </summary>
    public void AdoptDefaults(ClusterSpec? effective)
    {
        if (effective is null)
        {
            return;
        }

        if (NodeGroups is null && effective.Compute is { } compute)
        {
            Mode = compute.Mode;
            NodeGroups = compute.NodeGroups is { Count: > 0 } groups ? [.. groups.Select(NodeGroupRow.From)] : null;
        }

        Addons ??= effective.Addons is { } addons ? [.. addons.Select(a => new AddonRow { Name = a.Name, Version = a.Version })] : null;
        Access ??= effective.Access is { Count: > 0 } access ? [.. access.Select(AccessRow.From)] : null;
    }

    public static NodesModel From(ClusterSpec? cluster) => new()
    {
        Mode = cluster?.Compute?.Mode ?? ComputeMode.ManagedNodes,
        NodeGroups = cluster?.Compute?.NodeGroups is { Count: > 0 } groups ? [.. groups.Select(NodeGroupRow.From)] : null,
        CreateNodeRole = cluster?.NodeRole?.Create ?? true,
        NodeRoleName = cluster?.NodeRole?.Name,
        ExistingNodeRoleArn = cluster?.NodeRole?.ExistingArn,
        Addons = cluster?.Addons is { } addons ? [.. addons.Select(a => new AddonRow { Name = a.Name, Version = a.Version })] : null,
        Access = cluster?.Access is { } access ? [.. access.Select(AccessRow.From)] : null,
    };

    /// <summary>A new node group row: the default group's shape, on the cluster's subnets.</summary>
    public NodeGroupRow NewNodeGroup() => new()
    {
        Name = NodeGroups is not { Count: > 0 } ? "general" : $"group-{NodeGroups.Count + 1}",
    };
}

/// <summary>One editable row of the node group table.</summary>
public sealed class NodeGroupRow
{
    public string Name { get; set; } = "general";

    /// <summary>Comma- or space-separated instance types.</summary>
    public string InstanceTypes { get; set; } = "m6i.large";

    /// <summary><see cref="InstanceTypes"/> as a list, in the order given (the wizard's multi-select reads and sets it).</summary>
    public IReadOnlyList<string> InstanceTypeList
    {
        get => [.. Split(InstanceTypes).Distinct(StringComparer.Ordinal)];
        set => InstanceTypes = string.Join(", ", value);
    }

    public CapacityType CapacityType { get; set; } = CapacityType.OnDemand;

    public string AmiType { get; set; } = "AL2023_x86_64_STANDARD";

    public int DiskSizeGiB { get; set; } = 20;

    public int MinSize { get; set; } = 1;

    public int DesiredSize { get; set; } = 2;

    public int MaxSize { get; set; } = 3;

    /// <summary>Empty: the cluster's subnets.</summary>
    public HashSet<string> Subnets { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>key=value</c> pairs, comma-separated.</summary>
    public string Labels { get; set; } = "";

    public NodeGroupSpec ToSpec() => new()
    {
        Name = Name.Trim(),
        InstanceTypes = [.. Split(InstanceTypes)],
        CapacityType = CapacityType,
        AmiType = string.IsNullOrWhiteSpace(AmiType) ? null : AmiType,
        DiskSizeGiB = DiskSizeGiB,
        MinSize = MinSize,
        DesiredSize = DesiredSize,
        MaxSize = MaxSize,
        Subnets = Subnets.Count == 0 ? null : [.. Subnets.Order(StringComparer.Ordinal)],
        Labels = ParseLabels(Labels),
    };

    public static NodeGroupRow From(NodeGroupSpec spec) => new()
    {
        Name = spec.Name,
        InstanceTypes = string.Join(", ", spec.InstanceTypes ?? []),
        CapacityType = spec.CapacityType,
        AmiType = spec.AmiType ?? "",
        DiskSizeGiB = spec.DiskSizeGiB,
        MinSize = spec.MinSize,
        DesiredSize = spec.DesiredSize,
        MaxSize = spec.MaxSize,
        Subnets = (spec.Subnets ?? []).ToHashSet(StringComparer.Ordinal),
        Labels = string.Join(", ", (spec.Labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}")),
    };

    internal static IEnumerable<string> Split(string text) =>
        text.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A pair without "=" becomes a key with an empty value, which the validator then judges like any label.</summary>
    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            labels[(at < 0 ? pair : pair[..at]).Trim()] = at < 0 ? "" : pair[(at + 1)..].Trim();
        }

        return labels;
    }
}

/// <summary>One add-on row; a null version is the newest one compatible with the cluster's Kubernetes version.</summary>
public sealed class AddonRow
{
    public string Name { get; set; } = "";

    public string? Version { get; set; }
}

/// <summary>One access entry row.</summary>
public sealed class AccessRow
{
    public string PrincipalArn { get; set; } = "";

    public EksAccessPolicy Policy { get; set; } = EksAccessPolicy.AmazonEKSClusterAdminPolicy;

    /// <summary>Comma-separated; empty: cluster scope.</summary>
    public string Namespaces { get; set; } = "";

    public AccessEntrySpec ToSpec() => new()
    {
        PrincipalArn = PrincipalArn.Trim(),
        Policy = Policy,
        Namespaces = NodeGroupRow.Split(Namespaces).ToList() is { Count: > 0 } names ? names : null,
    };

    public static AccessRow From(AccessEntrySpec spec) => new()
    {
        PrincipalArn = spec.PrincipalArn,
        Policy = spec.Policy,
        Namespaces = string.Join(", ", spec.Namespaces ?? []),
    };
}
