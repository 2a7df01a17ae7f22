namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>An IAM role. EKS cannot assume it until <see cref="SandboxTimings.RolePropagation"/> after creation.</summary>
public sealed record SandboxRole(
    string Name,
    string Id,
    string Arn,
    string Path,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> AttachedPolicyArns,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An EKS cluster; like the NAT gateway its status follows from timestamps and the clock.</summary>
public sealed record SandboxCluster(
    string Name,
    string Region,
    string Arn,
    string Version,
    string PlatformVersion,
    string RoleArn,
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    string ClusterSecurityGroupId,
    bool EndpointPublicAccess,
    bool EndpointPrivateAccess,
    IReadOnlyList<string> PublicAccessCidrs,
    IReadOnlyList<string> EnabledLogTypes,
    string Endpoint,
    string CertificateAuthorityData,
    string OidcIssuer,
    string? ClientRequestToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeleteRequestedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    public string StatusAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is not null ? "DELETING"
        : now < CreatedAt + timings.ClusterCreate ? "CREATING"
        : "ACTIVE";

    public bool IsGoneAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is { } deleting && now >= deleting + timings.ClusterDelete;
}

/// <summary>A Kubernetes version EKS offers, with its support window.</summary>
public sealed record SandboxKubernetesVersion(
    string Version,
    string PatchVersion,
    string PlatformVersion,
    bool IsDefault,
    DateTimeOffset ReleaseDate,
    DateTimeOffset EndOfStandardSupport,
    DateTimeOffset EndOfExtendedSupport,
    string VersionStatus);
