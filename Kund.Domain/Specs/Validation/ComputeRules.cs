using System.Text.RegularExpressions;
using Kund.Domain.Json;

namespace Kund.Domain.Specs.Validation;

/// <summary>
/// Where the pods run: node groups within the cluster's subnets, sizes EKS accepts (min ≤ desired ≤ max,
/// max within the quota), instance types the region offers; Auto Mode all or nothing; a warning for none.
/// </summary>
internal static partial class ComputeRules
{
    public static void Check(ValidationContext context)
    {
        if (context.Spec.Cluster is not { Compute: { } compute } cluster)
        {
            return;
        }

        switch (compute.Mode)
        {
            case ComputeMode.None:
                context.Warning(
                    SpecPaths.ClusterComputeMode,
                    "with compute mode none the cluster has no nodes: nothing can be scheduled on it (pods stay Pending) until nodes are added");
                NoNodeGroups(context, compute, "none");
                return;
            case ComputeMode.AutoMode:
                // Auto Mode switches compute, load balancing and block storage on together; its nodes are EKS's.
                NoNodeGroups(context, compute, "autoMode");
                break;
            case ComputeMode.ManagedNodes:
                CheckNodeGroups(context, cluster, compute.NodeGroups ?? []);
                break;
        }

        if (cluster.NodeRole is { } role)
        {
            ClusterRoleRules.CheckRole(context, role, SpecPaths.ClusterNodeRoleName, SpecPaths.ClusterNodeRoleExistingArn);
        }
    }

    private static void NoNodeGroups(ValidationContext context, ComputeSpec compute, string mode)
    {
        if (compute.NodeGroups is { Count: > 0 } groups)
        {
            context.Error(
                SpecPaths.ClusterNodeGroups,
                mode == "autoMode"
                    ? $"EKS Auto Mode runs the nodes itself (compute, load balancing and block storage all on); remove the {groups.Count} node group(s) or choose managedNodes"
                    : $"compute mode none runs no nodes; remove the {groups.Count} node group(s) or choose managedNodes");
        }
    }

    private static void CheckNodeGroups(ValidationContext context, ClusterSpec cluster, IReadOnlyList<NodeGroupSpec> groups)
    {
        if (groups.Count > SpecLimits.NodeGroupsPerClusterQuota)
        {
            context.Error(SpecPaths.ClusterNodeGroups, $"{groups.Count} node groups are listed; EKS allows {SpecLimits.NodeGroupsPerClusterQuota} per cluster");
        }

        var clusterSubnets = (cluster.Subnets ?? []).ToHashSet(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < groups.Count; index++)
        {
            if (groups[index] is not { } group)
            {
                context.Error(SpecPaths.NodeGroup(index), "a node group is required here, not null");
                continue;
            }

            CheckName(context, index, group.Name ?? "", names);
            CheckSizes(context, index, group);
            CheckInstanceTypes(context, index, group.InstanceTypes ?? []);
            CheckSubnets(context, index, group.Subnets ?? [], clusterSubnets);
            if (group.DiskSizeGiB is < 1 or > 16384)
            {
                context.Error(SpecPaths.NodeGroup(index, "diskSizeGiB"), $"a disk of {group.DiskSizeGiB} GiB is not possible; EBS volumes are 1 to 16384 GiB");
            }
        }
    }

    private static void CheckName(ValidationContext context, int index, string name, HashSet<string> names)
    {
        var path = SpecPaths.NodeGroup(index, "name");
        if (!NodeGroupName().IsMatch(name))
        {
            context.Error(path, $"the node group name {TextLimit.Clip(name)} must be 1 to 63 letters, digits, - and _, starting with a letter or digit");
        }
        else if (!names.Add(name))
        {
            context.Error(path, $"another node group is already named {name}; node group names are unique in a cluster");
        }
    }

    private static void CheckSizes(ValidationContext context, int index, NodeGroupSpec group)
    {
        if (group.MinSize < 0)
        {
            context.Error(SpecPaths.NodeGroup(index, "minSize"), $"minSize is {group.MinSize}; it must be 0 or more");
        }

        if (group.MaxSize < 1)
        {
            context.Error(SpecPaths.NodeGroup(index, "maxSize"), $"maxSize is {group.MaxSize}; a node group needs room for at least 1 node");
        }
        else if (group.MaxSize > SpecLimits.NodesPerNodeGroupQuota)
        {
            context.Error(
                SpecPaths.NodeGroup(index, "maxSize"),
                $"maxSize {group.MaxSize} exceeds the account's quota of {SpecLimits.NodesPerNodeGroupQuota} nodes per managed node group");
        }

        if (group.MinSize > group.MaxSize)
        {
            context.Error(SpecPaths.NodeGroup(index, "minSize"), $"minSize {group.MinSize} is larger than maxSize {group.MaxSize}; EKS needs minSize ≤ desiredSize ≤ maxSize");
        }
        else if (group.DesiredSize < group.MinSize || group.DesiredSize > group.MaxSize)
        {
            context.Error(
                SpecPaths.NodeGroup(index, "desiredSize"),
                $"desiredSize {group.DesiredSize} is outside {group.MinSize}..{group.MaxSize}; EKS needs minSize ≤ desiredSize ≤ maxSize");
        }
    }

    private static void CheckInstanceTypes(ValidationContext context, int index, IReadOnlyList<string> types)
    {
        var offered = context.Region?.InstanceTypes;
        for (var position = 0; position < types.Count; position++)
        {
            var type = types[position] ?? "";
            var path = SpecPaths.NodeGroup(index, "instanceTypes") + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{position}]");
            if (!InstanceTypeName().IsMatch(type))
            {
                context.Error(path, $"{TextLimit.Clip(type)} is not an EC2 instance type such as m6i.large");
            }
            else if (offered is not null && !offered.Contains(type, StringComparer.Ordinal))
            {
                context.Error(path, $"{type} is not offered in {context.Region!.Name}{Alternatives(type, offered)}");
            }
        }
    }

    /// <summary>What the region offers instead: the same family's sizes, or else a few general-purpose types.</summary>
    private static string Alternatives(string type, IReadOnlyList<string> offered)
    {
        var family = type[..(type.IndexOf('.', StringComparison.Ordinal) + 1)];
        var sameFamily = offered.Where(t => t.StartsWith(family, StringComparison.Ordinal)).Take(6).ToList();
        if (sameFamily.Count > 0)
        {
            return $" (EC2 offers these {family[..^1]} sizes there: {string.Join(", ", sameFamily)})";
        }

        return offered.Count == 0 ? " (EC2 offers no instance types there)" : $" (EC2 offers {offered.Count} types there, such as {string.Join(", ", offered.Where(t => t.StartsWith('m')).DefaultIfEmpty(offered[0]).Take(3))})";
    }

    private static void CheckSubnets(ValidationContext context, int index, IReadOnlyList<string> subnets, HashSet<string> clusterSubnets)
    {
        foreach (var subnet in subnets.Select(name => name ?? "").Where(name => !clusterSubnets.Contains(name)).Distinct(StringComparer.Ordinal))
        {
            context.Error(
                SpecPaths.NodeGroup(index, "subnets"),
                $"{(subnet.Length == 0 ? "an empty name" : subnet)} is not one of the cluster's subnets ({TextList.Join(clusterSubnets.Order(StringComparer.Ordinal))}); nodes run only in the cluster's subnets");
        }

        // EKS fails a node group whose subnet has no route out (Ec2SubnetInvalidConfiguration).
        var routing = context.Routing;
        var noWayOut = context.PresentSubnets
            .Where(subnet => subnets.Contains(subnet.Name, StringComparer.Ordinal))
            .Where(subnet => subnet.Spec!.Tier == SubnetTier.Private ? routing.NatGateways == NatGatewayMode.None || !routing.InternetGateway : !routing.InternetGateway)
            .Select(subnet => subnet.Name)
            .ToList();
        if (noWayOut.Count > 0)
        {
            context.Error(
                SpecPaths.NodeGroup(index, "subnets"),
                $"{TextList.Join(noWayOut)} {(noWayOut.Count == 1 ? "has" : "have")} no route to the internet with this routing (internet gateway {(routing.InternetGateway ? "on" : "off")}, NAT gateways {EnumNames.NameOf(routing.NatGateways)}); nodes could not reach the cluster or pull images, and EKS fails the node group (Ec2SubnetInvalidConfiguration)");
        }
    }

    [GeneratedRegex("^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeGroupName();

    [GeneratedRegex("^[a-z0-9-]+\\.[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypeName();
}
