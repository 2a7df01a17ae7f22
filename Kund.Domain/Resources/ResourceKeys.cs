namespace Kund.Domain.Resources;

/// <summary>
/// Stable node keys. They are recorded in the database and tagged on cloud resources
/// (<c>kund:resource</c>), so they never change once released.
/// </summary>
public static class ResourceKeys
{
    public const string Vpc = "vpc";
    public const string InternetGateway = "igw";
    public const string PublicRouteTable = "rtb/public";
    public const string PrivateRouteTable = "rtb/private";
    public const string ClusterRole = "role";
    public const string ClusterRolePolicy = "role/policy";
    public const string Cluster = "eks";
    public const string NodeRole = "node-role";

    /// <summary>An Auto Mode policy on the cluster role beyond AmazonEKSClusterPolicy: <c>role/policy/AmazonEKSComputePolicy</c>.</summary>
    public static string ClusterRoleExtraPolicy(string policyName) => $"{ClusterRolePolicy}/{policyName}";

    /// <summary>A policy on the node role: <c>node-role/policy/AmazonEKSWorkerNodePolicy</c>.</summary>
    public static string NodeRolePolicy(string policyName) => $"{NodeRole}/policy/{policyName}";

    public static string NodeGroup(string name) => $"nodegroup/{name}";

    public static string Addon(string name) => $"addon/{name}";

    /// <summary><c>access/team-a-developers</c>; see <c>ClusterGraph.AccessKeys</c> for the form used on a collision.</summary>
    public static string AccessEntry(string principal) => $"access/{principal}";

    public static string Subnet(string subnetName) => $"subnet/{subnetName}";

    public static string ElasticIp(string availabilityZone) => $"eip/{availabilityZone}";

    public static string NatGateway(string availabilityZone) => $"nat/{availabilityZone}";

    /// <summary>The one regional NAT gateway of the VPC (natGateways regional).</summary>
    public const string RegionalNatGateway = "nat/regional";

    /// <summary>The private route table of one zone, when there is a NAT gateway per zone.</summary>
    public static string PrivateRouteTableFor(string availabilityZone) => $"rtb/private/{availabilityZone}";
}
