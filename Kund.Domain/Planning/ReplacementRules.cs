using System.Collections.Frozen;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// Which attribute of a node's desired shape AWS cannot change in place, so that another value is another
/// resource (docs/aws-behaviour.md, "Changing resources in place"): the contract between the diff planner
/// and the drivers' <c>UpdateAsync</c>, which refuse exactly these. Attribute names are the camelCase JSON
/// names of the desired record. A kind the table does not know has no in-place update: every change of it
/// is a replacement, so a new kind is safe before its driver learns to update.
/// </summary>
public static class ReplacementRules
{
    private static readonly FrozenDictionary<Type, FrozenSet<string>> Forcing = new Dictionary<Type, string[]>
    {
        [typeof(VpcDesired)] = ["cidr", "tenancy"],
        [typeof(SubnetDesired)] = ["cidr", "availabilityZone"],
        [typeof(InternetGatewayDesired)] = [],
        [typeof(ElasticIpDesired)] = ["availabilityZone"],
        [typeof(NatGatewayDesired)] = ["availabilityZone", "subnetKey", "elasticIpKey"],
        [typeof(RegionalNatGatewayDesired)] = ["vpcKey"],
        [typeof(RouteTableDesired)] = [],
        [typeof(IamRoleDesired)] = ["roleName"],
        [typeof(EksClusterDesired)] = ["name", "roleKey", "roleArn", "subnetKeys", "bootstrapSelfManagedAddons", "bootstrapClusterCreatorAdminPermissions"],
        [typeof(EksNodeGroupDesired)] = ["name", "clusterKey", "clusterName", "instanceTypes", "capacityType", "amiType", "diskSize", "subnetKeys", "nodeRoleKey"],
        [typeof(EksAddonDesired)] = ["clusterKey", "clusterName", "addonName"],
        [typeof(EksAccessEntryDesired)] = ["clusterKey", "clusterName", "principalArn"],
    }.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>EKS moves the authentication mode only forward; back is a new cluster.</summary>
    private static readonly string[] AuthenticationModes = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];

    /// <summary>Whether AWS can change anything of this kind in place (tags at least).</summary>
    public static bool HasInPlaceUpdate(ResourceDesired desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return Forcing.ContainsKey(desired.GetType());
    }

    /// <summary>
    /// Whether changing <paramref name="attribute"/> of a resource shaped like <paramref name="desired"/> from
    /// <paramref name="before"/> to <paramref name="after"/> (JSON texts) needs a new resource.
    /// </summary>
    public static bool ForcesReplacement(ResourceDesired desired, string attribute, string? before, string? after)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!Forcing.TryGetValue(desired.GetType(), out var forcing))
        {
            return true;
        }

        if (desired is EksClusterDesired && attribute == "authenticationMode")
        {
            return Rank(before) > Rank(after);
        }

        return forcing.Contains(attribute);
    }

    // Unset is EKS's default, CONFIG_MAP.
    private static int Rank(string? mode) =>
        Math.Max(0, Array.IndexOf(AuthenticationModes, mode?.Trim('"') ?? "CONFIG_MAP"));
}
