using Kund.Domain.Json;

namespace Kund.Domain.Specs.Validation;

/// <summary>
/// Every enum of the spec holds a defined member. The API's JSON reading already refuses anything else;
/// this covers specs that reach the domain another way (a cast, an old row), before any rule switches on them.
/// </summary>
internal static class EnumRules
{
    /// <returns>False when some value is undefined (reported by path).</returns>
    public static bool Check(ValidationContext context)
    {
        var spec = context.Spec;
        var defined = Defined(context, SpecPaths.Purpose, spec.Purpose);
        defined &= spec.Vpc is null || Defined(context, SpecPaths.VpcTenancy, spec.Vpc.Tenancy);
        defined &= spec.Routing is null || Defined(context, SpecPaths.RoutingNatGateways, spec.Routing.NatGateways);
        foreach (var subnet in context.PresentSubnets)
        {
            defined &= Defined(context, SpecPaths.SubnetTier(subnet.Index), subnet.Spec!.Tier);
        }

        if (spec.Cluster is { } cluster)
        {
            defined &= cluster.AuthenticationMode is not { } mode || Defined(context, SpecPaths.ClusterAuthenticationMode, mode);
            defined &= cluster.SupportType is not { } support || Defined(context, SpecPaths.ClusterSupportType, support);
            defined &= cluster.Compute is null || Defined(context, SpecPaths.ClusterComputeMode, cluster.Compute.Mode);
            var groups = cluster.Compute?.NodeGroups ?? [];
            for (var index = 0; index < groups.Count; index++)
            {
                defined &= groups[index] is null || Defined(context, SpecPaths.NodeGroup(index, "capacityType"), groups[index].CapacityType);
            }

            var access = cluster.Access ?? [];
            for (var index = 0; index < access.Count; index++)
            {
                defined &= access[index] is null || Defined(context, SpecPaths.AccessEntry(index, "policy"), access[index].Policy);
            }
        }

        return defined;
    }

    private static bool Defined<T>(ValidationContext context, string path, T value)
        where T : struct, Enum
    {
        if (EnumNames.NameOf(value) is not null)
        {
            return true;
        }

        context.Error(path, $"{value} is not one of {EnumNames.Expected<T>()}; give exactly one");
        return false;
    }
}
