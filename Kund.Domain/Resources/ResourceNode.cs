using Kund.Domain.Specs;

namespace Kund.Domain.Resources;

/// <summary>
/// One cloud resource of an environment's graph: a stable key (see <see cref="ResourceKeys"/>),
/// its kind, the keys of the nodes whose outputs it needs, and what it should look like.
/// </summary>
public sealed record ResourceNode(string Key, ResourceKind Kind, IReadOnlyList<string> DependsOn, ResourceDesired Desired);

/// <summary>The desired shape of a resource; one sealed record per <see cref="ResourceKind"/>.</summary>
public abstract record ResourceDesired;

public sealed record VpcDesired(string Cidr, Tenancy Tenancy, bool EnableDnsSupport, bool EnableDnsHostnames) : ResourceDesired;

/// <summary>A subnet; public ones map public IPs on launch. <paramref name="Tags"/> are tags of its own (load-balancer discovery) beside Kund's.</summary>
public sealed record SubnetDesired(string Name, string Cidr, string AvailabilityZone, SubnetTier Tier, IReadOnlyDictionary<string, string>? Tags = null) : ResourceDesired;

/// <summary>An internet gateway attached to the environment's VPC.</summary>
public sealed record InternetGatewayDesired : ResourceDesired;

/// <summary>The Elastic IP (domain vpc) of the NAT gateway in <paramref name="AvailabilityZone"/>.</summary>
public sealed record ElasticIpDesired(string AvailabilityZone) : ResourceDesired;

/// <summary>A public NAT gateway in the subnet <paramref name="SubnetKey"/> using the address <paramref name="ElasticIpKey"/>.</summary>
public sealed record NatGatewayDesired(string AvailabilityZone, string SubnetKey, string ElasticIpKey) : ResourceDesired;

/// <summary>
/// A public regional NAT gateway of the VPC <paramref name="VpcKey"/> in automatic mode: AWS places it in the
/// zones where the VPC has workloads and allocates and releases its addresses itself, so it has no subnet
/// and no Elastic IP node of Kund's.
/// </summary>
public sealed record RegionalNatGatewayDesired(string VpcKey) : ResourceDesired;

/// <summary>A route table with its routes and the subnets associated with it.</summary>
public sealed record RouteTableDesired(string Name, IReadOnlyList<RouteDesired> Routes, IReadOnlyList<string> SubnetKeys) : ResourceDesired;

/// <summary>A route to <paramref name="DestinationCidr"/> through the node <paramref name="TargetKey"/> (internet or NAT gateway).</summary>
public sealed record RouteDesired(string DestinationCidr, string TargetKey);

/// <summary>An IAM role with its trust (assume-role) policy document as JSON.</summary>
public sealed record IamRoleDesired(string RoleName, string AssumeRolePolicyDocument) : ResourceDesired;

/// <summary>A managed policy attached to the role of node <paramref name="RoleKey"/>.</summary>
public sealed record IamRolePolicyAttachmentDesired(string RoleKey, string RoleName, string PolicyArn) : ResourceDesired;

/// <summary>
/// An EKS cluster. The role is either the node <paramref name="RoleKey"/> (created by Kund) or the
/// existing <paramref name="RoleArn"/>; exactly one is set. A null <paramref name="AuthenticationMode"/>,
/// <paramref name="BootstrapClusterCreatorAdminPermissions"/>, <paramref name="BootstrapSelfManagedAddons"/>
/// or <paramref name="SupportType"/> leaves EKS's default (CONFIG_MAP, true, true, EXTENDED).
/// <paramref name="AutoMode"/> switches on EKS Auto Mode (compute, load balancing and block storage together),
/// its nodes running as the role of node <paramref name="AutoModeNodeRoleKey"/> or the existing <paramref name="AutoModeNodeRoleArn"/>.
/// </summary>
public sealed record EksClusterDesired(
    string Name,
    string KubernetesVersion,
    string? RoleKey,
    string? RoleArn,
    IReadOnlyList<string> SubnetKeys,
    bool EndpointPublicAccess,
    bool EndpointPrivateAccess,
    IReadOnlyList<string> PublicAccessCidrs,
    IReadOnlyList<string> Logging,
    string? AuthenticationMode = null,
    bool? BootstrapClusterCreatorAdminPermissions = null,
    bool? BootstrapSelfManagedAddons = null,
    bool DeletionProtection = false,
    string? SupportType = null,
    bool AutoMode = false,
    string? AutoModeNodeRoleKey = null,
    string? AutoModeNodeRoleArn = null) : ResourceDesired;
