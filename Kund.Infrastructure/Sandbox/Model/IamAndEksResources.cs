namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>
/// An IAM role. EKS cannot assume it until <see cref="SandboxTimings.RolePropagation"/> after creation; IAM's
/// own reads do not see it before <paramref name="ReadableAt"/> (<see cref="SandboxOptions.IamReadAfterWriteWindow"/>).
/// </summary>
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
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? ReadableAt = null);

/// <summary>
/// An EKS cluster; like the NAT gateway its status follows from timestamps and the clock: PENDING until
/// <see cref="PendingUntil"/> (when the sandbox models that phase), CREATING for the rest of
/// <see cref="SandboxTimings.ClusterCreate"/>, then ACTIVE or FAILED.
/// </summary>
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
    IReadOnlyDictionary<string, string> Tags,
    string AuthenticationMode = "CONFIG_MAP",
    bool BootstrapClusterCreatorAdminPermissions = true,
    bool BootstrapSelfManagedAddons = true,
    bool AutoMode = false,
    IReadOnlyList<string>? NodePools = null,
    string? AutoModeNodeRoleArn = null,
    bool DeletionProtection = false,
    string SupportType = "EXTENDED",
    DateTimeOffset? UpdatingUntil = null,
    string? FailureCode = null,
    string? FailureMessage = null,
    DateTimeOffset? PendingUntil = null)
{
    /// <summary>Whether access entries can be made: only when the API is one of the authentication modes.</summary>
    public bool AllowsAccessEntries => AuthenticationMode is "API" or "API_AND_CONFIG_MAP";

    public string StatusAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is not null ? "DELETING"
        : now < CreatedAt + timings.ClusterCreate ? PendingUntil is { } pending && now < pending ? "PENDING" : "CREATING"
        : FailureCode is not null ? "FAILED"
        : UpdatingUntil is { } until && now < until ? "UPDATING"
        : "ACTIVE";

    public bool IsGoneAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is { } deleting && now >= deleting + timings.ClusterDelete;

    /// <summary>PENDING or CREATING: not built yet, so EKS refuses to delete it and leaves its endpoint empty.</summary>
    public bool IsBeingCreatedAt(DateTimeOffset now, SandboxTimings timings) => StatusAt(now, timings) is "PENDING" or "CREATING";
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

/// <summary>
/// A managed node group. CREATING for <see cref="SandboxTimings.NodegroupCreate"/>, then ACTIVE, or
/// CREATE_FAILED with <see cref="FailureCode"/> when the request could never have worked (a subnet without a
/// way out); UPDATING for <see cref="SandboxTimings.NodegroupUpdate"/> after a config update.
/// </summary>
public sealed record SandboxNodegroup(
    string Name,
    string ClusterName,
    string Region,
    string Arn,
    string Version,
    string ReleaseVersion,
    string NodeRoleArn,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> InstanceTypes,
    string AmiType,
    string CapacityType,
    int DiskSize,
    int MinSize,
    int DesiredSize,
    int MaxSize,
    IReadOnlyDictionary<string, string> Labels,
    string? FailureCode,
    string? FailureMessage,
    IReadOnlyList<string> FailureResourceIds,
    string? ClientRequestToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    DateTimeOffset? UpdatingUntil,
    DateTimeOffset? DeleteRequestedAt,
    IReadOnlyDictionary<string, string> Tags,
    string? FailureState = null)
{
    public string StatusAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is { } deleting ? (FailureState == "DELETE_FAILED" && now >= deleting + timings.NodegroupDelete ? "DELETE_FAILED" : "DELETING")
        : now < CreatedAt + timings.NodegroupCreate ? "CREATING"
        : FailureCode is not null ? FailureState ?? "CREATE_FAILED"
        : UpdatingUntil is { } until && now < until ? "UPDATING"
        : "ACTIVE";

    public bool IsGoneAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is { } deleting && now >= deleting + timings.NodegroupDelete && FailureState != "DELETE_FAILED";
}

/// <summary>A managed add-on; its status also depends on the cluster's nodes (see SandboxCloud.AddonStatusAt).</summary>
public sealed record SandboxAddon(
    string Name,
    string ClusterName,
    string Region,
    string Arn,
    string Version,
    string? ServiceAccountRoleArn,
    string? ConfigurationValues,
    string? ClientRequestToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeleteRequestedAt,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? UpdatingUntil = null,
    string? FailureCode = null,
    string? FailureMessage = null,
    string? FailureState = null)
{
    public bool IsGoneAt(DateTimeOffset now, SandboxTimings timings) =>
        DeleteRequestedAt is { } deleting && now >= deleting + timings.AddonDelete;
}

/// <summary>An access entry: an IAM principal let into the cluster, with the access policies associated with it.</summary>
public sealed record SandboxAccessEntry(
    string ClusterName,
    string Region,
    string PrincipalArn,
    string Arn,
    string Username,
    string Type,
    IReadOnlyList<string> KubernetesGroups,
    IReadOnlyList<SandboxAccessPolicyAssociation> Policies,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An access policy associated with an access entry, for the whole cluster or some namespaces.</summary>
public sealed record SandboxAccessPolicyAssociation(
    string PolicyArn,
    string ScopeType,
    IReadOnlyList<string> Namespaces,
    DateTimeOffset AssociatedAt,
    DateTimeOffset ModifiedAt);

/// <summary>One version of a managed add-on and the Kubernetes versions it runs on; <paramref name="DefaultFor"/> those it is the default for.</summary>
public sealed record SandboxAddonVersion(
    string AddonName,
    string Version,
    IReadOnlyList<string> ClusterVersions,
    IReadOnlyList<string> DefaultFor);
