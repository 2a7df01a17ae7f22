using System.Globalization;

namespace Kund.Domain.Specs;

/// <summary>
/// The JSON paths validation results are keyed by: api.md's field names in camelCase. The API returns them
/// to clients and the wizard binds its fields to them, so they never change once released.
/// </summary>
public static class SpecPaths
{
    public const string Name = "name";
    public const string Team = "team";
    public const string Region = "region";
    public const string Purpose = "purpose";
    public const string ExpiresAt = "expiresAt";

    public const string VpcCidr = "vpc.cidr";
    public const string VpcTenancy = "vpc.tenancy";
    public const string VpcEnableDnsSupport = "vpc.enableDnsSupport";
    public const string VpcEnableDnsHostnames = "vpc.enableDnsHostnames";

    /// <summary>The subnet list as a whole (none given and no default layout possible).</summary>
    public const string Subnets = "subnets";

    public const string RoutingInternetGateway = "routing.internetGateway";
    public const string RoutingNatGateways = "routing.natGateways";

    public const string ClusterRoleCreate = "clusterRole.create";
    public const string ClusterRoleName = "clusterRole.name";
    public const string ClusterRoleExistingArn = "clusterRole.existingArn";

    public const string ClusterName = "cluster.name";
    public const string ClusterKubernetesVersion = "cluster.kubernetesVersion";
    public const string ClusterEndpointPublicAccess = "cluster.endpointPublicAccess";
    public const string ClusterEndpointPrivateAccess = "cluster.endpointPrivateAccess";
    public const string ClusterPublicAccessCidrs = "cluster.publicAccessCidrs";
    public const string ClusterLogging = "cluster.logging";

    /// <summary>The cluster's subnet selection as a whole: unknown names, too few, one zone only.</summary>
    public const string ClusterSubnets = "cluster.subnets";

    public const string ClusterAuthenticationMode = "cluster.authenticationMode";
    public const string ClusterSupportType = "cluster.supportType";
    public const string ClusterComputeMode = "cluster.compute.mode";

    /// <summary>The node groups as a whole (too many; listed under a mode without node groups).</summary>
    public const string ClusterNodeGroups = "cluster.compute.nodeGroups";
    public const string ClusterNodeRoleName = "cluster.nodeRole.name";
    public const string ClusterNodeRoleExistingArn = "cluster.nodeRole.existingArn";
    public const string ClusterAddons = "cluster.addons";
    public const string ClusterAccess = "cluster.access";

    /// <summary>The tags as a whole (too many, an empty key).</summary>
    public const string Tags = "tags";

    public static string Subnet(int index) => string.Create(CultureInfo.InvariantCulture, $"subnets[{index}]");

    public static string SubnetName(int index) => Subnet(index) + ".name";

    public static string SubnetCidr(int index) => Subnet(index) + ".cidr";

    public static string SubnetAvailabilityZone(int index) => Subnet(index) + ".availabilityZone";

    public static string SubnetTier(int index) => Subnet(index) + ".tier";

    public static string ClusterPublicAccessCidr(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{ClusterPublicAccessCidrs}[{index}]");

    /// <summary><c>cluster.compute.nodeGroups[0]</c>, or with a field <c>cluster.compute.nodeGroups[0].minSize</c>.</summary>
    public static string NodeGroup(int index, string? field = null) => Item(ClusterNodeGroups, index, field);

    /// <summary><c>cluster.addons[1].version</c>.</summary>
    public static string Addon(int index, string? field = null) => Item(ClusterAddons, index, field);

    /// <summary><c>cluster.access[0].principalArn</c>.</summary>
    public static string AccessEntry(int index, string? field = null) => Item(ClusterAccess, index, field);

    private static string Item(string list, int index, string? field) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]") + (field is null ? "" : "." + field);

    /// <summary><c>tags.cost-center</c> for the key <c>cost-center</c>.</summary>
    public static string Tag(string key) => $"{Tags}.{key}";
}
