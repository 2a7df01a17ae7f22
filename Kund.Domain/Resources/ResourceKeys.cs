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

    public static string Subnet(string subnetName) => $"subnet/{subnetName}";

    public static string ElasticIp(string availabilityZone) => $"eip/{availabilityZone}";

    public static string NatGateway(string availabilityZone) => $"nat/{availabilityZone}";

    /// <summary>The private route table of one zone, when there is a NAT gateway per zone.</summary>
    public static string PrivateRouteTableFor(string availabilityZone) => $"rtb/private/{availabilityZone}";
}
