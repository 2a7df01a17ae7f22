using System.Text.Json.Serialization;

namespace Kund.Domain.Specs;

/// <summary>Where the cluster's pods run: managed node groups, EKS Auto Mode, or nowhere (a control plane only).</summary>
public sealed record ComputeSpec
{
    public ComputeMode Mode { get; init; } = ComputeMode.ManagedNodes;

    /// <summary>Only for <see cref="ComputeMode.ManagedNodes"/>. Null or empty: one node group <c>general</c>.</summary>
    public IReadOnlyList<NodeGroupSpec>? NodeGroups { get; init; }
}

/// <summary>A managed node group; sizes follow EKS's scaling config (<c>min ≤ desired ≤ max</c>).</summary>
public sealed record NodeGroupSpec
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string>? InstanceTypes { get; init; }

    public CapacityType CapacityType { get; init; } = CapacityType.OnDemand;

    public string? AmiType { get; init; }

    public int DiskSizeGiB { get; init; } = 20;

    public int MinSize { get; init; } = 1;

    public int DesiredSize { get; init; } = 2;

    public int MaxSize { get; init; } = 3;

    /// <summary>Subnet names, among the cluster's. Null or empty: the cluster's subnets.</summary>
    public IReadOnlyList<string>? Subnets { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ComputeMode>))]
public enum ComputeMode
{
    [JsonStringEnumMemberName("managedNodes")] ManagedNodes,
    [JsonStringEnumMemberName("autoMode")] AutoMode,
    [JsonStringEnumMemberName("none")] None,
}

[JsonConverter(typeof(JsonStringEnumConverter<CapacityType>))]
public enum CapacityType
{
    [JsonStringEnumMemberName("ON_DEMAND")] OnDemand,
    [JsonStringEnumMemberName("SPOT")] Spot,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClusterAuthenticationMode>))]
public enum ClusterAuthenticationMode
{
    [JsonStringEnumMemberName("API")] Api,
    [JsonStringEnumMemberName("API_AND_CONFIG_MAP")] ApiAndConfigMap,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClusterSupportType>))]
public enum ClusterSupportType
{
    [JsonStringEnumMemberName("STANDARD")] Standard,
    [JsonStringEnumMemberName("EXTENDED")] Extended,
}
