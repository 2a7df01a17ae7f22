using System.Globalization;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The JSON paths of the "Nodes and access" step's fields, as the validator keys its errors
/// (<c>cluster.compute.nodeGroups[0].desiredSize</c>, <c>cluster.access[0].principalArn</c>, <c>cluster.addons[0].version</c>).
/// </summary>
public static class NodesPaths
{
    public const string Compute = "cluster.compute";
    public const string ComputeMode = "cluster.compute.mode";
    public const string NodeGroups = "cluster.compute.nodeGroups";
    public const string NodeRole = "cluster.nodeRole";
    public const string NodeRoleName = "cluster.nodeRole.name";
    public const string NodeRoleExistingArn = "cluster.nodeRole.existingArn";
    public const string Addons = "cluster.addons";
    public const string Access = "cluster.access";

    /// <summary>Every path the step owns starts with one of these; the EKS step owns the rest of <c>cluster.</c>.</summary>
    public static readonly IReadOnlyList<string> Prefixes = [Compute, NodeRole, Addons, Access];

    public static string NodeGroup(int index, string field) => Indexed(NodeGroups, index, field);

    public static string Addon(int index, string field) => Indexed(Addons, index, field);

    public static string AccessEntry(int index, string field) => Indexed(Access, index, field);

    /// <summary>Whether <paramref name="path"/> is one of the step's.</summary>
    public static bool Owns(string path) => Prefixes.Any(prefix => Under(path, prefix));

    /// <summary><paramref name="path"/> is <paramref name="field"/> itself, one of its items or one of its members.</summary>
    public static bool Under(string path, string field) =>
        path.StartsWith(field, StringComparison.Ordinal)
        && (path.Length == field.Length || path[field.Length] is '.' or '[');

    private static string Indexed(string list, int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}[{index}].{field}");
}
