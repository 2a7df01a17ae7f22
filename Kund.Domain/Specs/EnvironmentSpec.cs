using System.Text.Json.Serialization;

namespace Kund.Domain.Specs;

/// <summary>
/// What a team asks for: the request body of <c>POST /api/environments</c> (see docs/api.md).
/// Optional parts are null when omitted; <c>SpecDefaults.Apply</c> returns the effective spec.
/// </summary>
public sealed record EnvironmentSpec
{
    /// <summary>DNS label, 3–40 characters; also the stem of default resource names.</summary>
    public string Name { get; init; } = "";

    public string Team { get; init; } = "";

    public string Region { get; init; } = "";

    public Purpose Purpose { get; init; } = Purpose.Dev;

    /// <summary>When set, the environment is destroyed automatically once this instant passes.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public VpcSpec Vpc { get; init; } = new();

    /// <summary>Null or empty: the default layout (two zones, public-a/b and private-a/b).</summary>
    public IReadOnlyList<SubnetSpec>? Subnets { get; init; }

    public RoutingSpec? Routing { get; init; }

    /// <summary>Null: create a role named <c>&lt;name&gt;-eks-cluster</c>.</summary>
    public ClusterRoleSpec? ClusterRole { get; init; }

    /// <summary>Null: a network-only environment.</summary>
    public ClusterSpec? Cluster { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record VpcSpec
{
    public string Cidr { get; init; } = "";

    public Tenancy Tenancy { get; init; } = Tenancy.Default;

    public bool EnableDnsSupport { get; init; } = true;

    public bool EnableDnsHostnames { get; init; } = true;
}

public sealed record SubnetSpec
{
    public string Name { get; init; } = "";

    public string Cidr { get; init; } = "";

    public string AvailabilityZone { get; init; } = "";

    public SubnetTier Tier { get; init; } = SubnetTier.Private;
}

public sealed record RoutingSpec
{
    public bool InternetGateway { get; init; } = true;

    public NatGatewayMode NatGateways { get; init; } = NatGatewayMode.Single;
}

public sealed record ClusterRoleSpec
{
    /// <summary>True: Kund creates the role; false: <see cref="ExistingArn"/> is used.</summary>
    public bool Create { get; init; } = true;

    public string? Name { get; init; }

    public string? ExistingArn { get; init; }
}

public sealed record ClusterSpec
{
    /// <summary>Null: the environment's name.</summary>
    public string? Name { get; init; }

    public string KubernetesVersion { get; init; } = "";

    public bool EndpointPublicAccess { get; init; } = true;

    public bool EndpointPrivateAccess { get; init; }

    public IReadOnlyList<string>? PublicAccessCidrs { get; init; }

    /// <summary>Control-plane log types: api, audit, authenticator, controllerManager, scheduler.</summary>
    public IReadOnlyList<string>? Logging { get; init; }

    /// <summary>Subnet names. Null or empty: the private subnets.</summary>
    public IReadOnlyList<string>? Subnets { get; init; }

    /// <summary>Null: <c>API</c>. EKS's own default, <c>CONFIG_MAP</c>, is not offered: it locks the team out.</summary>
    public ClusterAuthenticationMode? AuthenticationMode { get; init; }

    /// <summary>Whether the identity that creates the cluster (Kund's) is also made its admin; off unless asked for.</summary>
    public bool BootstrapClusterCreatorAdminPermissions { get; init; }

    /// <summary>While true, EKS refuses to delete the cluster.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Null: <c>STANDARD</c> (EKS's own default is the dearer <c>EXTENDED</c>).</summary>
    public ClusterSupportType? SupportType { get; init; }

    /// <summary>Null: managed nodes, one node group <c>general</c> (see api.md).</summary>
    public ComputeSpec? Compute { get; init; }

    /// <summary>The role the nodes run as. Null: create one named <c>&lt;name&gt;-eks-node</c>. Unused when compute is <c>none</c>.</summary>
    public ClusterRoleSpec? NodeRole { get; init; }

    /// <summary>Managed add-ons. Null: vpc-cni, coredns, kube-proxy and eks-pod-identity-agent at their newest compatible versions.</summary>
    public IReadOnlyList<AddonSpec>? Addons { get; init; }

    /// <summary>Who may use the cluster. Null: the team's principals with cluster admin.</summary>
    public IReadOnlyList<AccessEntrySpec>? Access { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<Purpose>))]
public enum Purpose
{
    [JsonStringEnumMemberName("dev")] Dev,
    [JsonStringEnumMemberName("stage")] Stage,
    [JsonStringEnumMemberName("prod")] Prod,
    [JsonStringEnumMemberName("demo")] Demo,
}

[JsonConverter(typeof(JsonStringEnumConverter<Tenancy>))]
public enum Tenancy
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("dedicated")] Dedicated,
}

[JsonConverter(typeof(JsonStringEnumConverter<SubnetTier>))]
public enum SubnetTier
{
    [JsonStringEnumMemberName("public")] Public,
    [JsonStringEnumMemberName("private")] Private,
}

[JsonConverter(typeof(JsonStringEnumConverter<NatGatewayMode>))]
public enum NatGatewayMode
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("single")] Single,
    [JsonStringEnumMemberName("perAz")] PerAz,

    /// <summary>One regional NAT gateway for the VPC, which AWS spreads over the zones with workloads; no public subnet needed.</summary>
    [JsonStringEnumMemberName("regional")] Regional,
}
