namespace Kund.Domain.Resources;

/// <summary>
/// A managed node group of the cluster node <paramref name="ClusterKey"/> (named <paramref name="ClusterName"/>,
/// for when that node's record is gone), its nodes running as the role of node <paramref name="NodeRoleKey"/>
/// in the subnets of <paramref name="SubnetKeys"/> — or, when <paramref name="NodeRoleArn"/> is set, as that
/// existing role (<paramref name="NodeRoleKey"/> is then empty).
/// </summary>
public sealed record EksNodeGroupDesired(
    string Name,
    string ClusterKey,
    string ClusterName,
    string NodeRoleKey,
    IReadOnlyList<string> SubnetKeys,
    IReadOnlyList<string> InstanceTypes,
    string CapacityType,
    string AmiType,
    int DiskSize,
    int MinSize,
    int DesiredSize,
    int MaxSize,
    IReadOnlyDictionary<string, string> Labels,
    string? KubernetesVersion = null,
    string? NodeRoleArn = null) : ResourceDesired;

/// <summary>An EKS managed add-on of the cluster node <paramref name="ClusterKey"/>; a null version is EKS's default for the cluster.</summary>
public sealed record EksAddonDesired(string ClusterKey, string ClusterName, string AddonName, string? Version) : ResourceDesired;

/// <summary>
/// An access entry letting <paramref name="PrincipalArn"/> into the cluster node <paramref name="ClusterKey"/>,
/// with <paramref name="AccessPolicyArn"/> associated at cluster scope, or at namespace scope when
/// <paramref name="Namespaces"/> is not empty.
/// </summary>
public sealed record EksAccessEntryDesired(string ClusterKey, string ClusterName, string PrincipalArn, string AccessPolicyArn, IReadOnlyList<string> Namespaces) : ResourceDesired;
