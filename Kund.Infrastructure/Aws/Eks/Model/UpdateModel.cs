using System.Text.Json.Serialization;

namespace Kund.Infrastructure.Aws.Eks.Model;

// In-place changes and tags, named as in AWSSDK.EKS. The names in the path are not in the body.

/// <summary>DescribeUpdate's status values as EKS spells them.</summary>
public static class UpdateStatus
{
    public const string InProgress = nameof(InProgress);
    public const string Successful = nameof(Successful);
    public const string Failed = nameof(Failed);
    public const string Cancelled = nameof(Cancelled);
}

public sealed class UpdateClusterVersionRequest
{
    [JsonIgnore]
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string? ClientRequestToken { get; set; }
}

public sealed class UpdateClusterVersionResponse : EksResponse
{
    public Update Update { get; set; } = new();
}

public sealed class UpdateAccessConfigRequest
{
    public string? AuthenticationMode { get; set; }
}

public sealed class UpdateClusterConfigRequest
{
    [JsonIgnore]
    public string Name { get; set; } = "";

    public VpcConfigRequest? ResourcesVpcConfig { get; set; }

    public Logging? Logging { get; set; }

    public UpdateAccessConfigRequest? AccessConfig { get; set; }

    public UpgradePolicy? UpgradePolicy { get; set; }

    public bool? DeletionProtection { get; set; }

    public string? ClientRequestToken { get; set; }
}

public sealed class UpdateClusterConfigResponse : EksResponse
{
    public Update Update { get; set; } = new();
}

public sealed class DescribeUpdateRequest
{
    public string Name { get; set; } = "";

    public string UpdateId { get; set; } = "";

    public string? NodegroupName { get; set; }

    public string? AddonName { get; set; }
}

public sealed class DescribeUpdateResponse : EksResponse
{
    public Update Update { get; set; } = new();
}

public sealed class UpdateNodegroupVersionRequest
{
    [JsonIgnore]
    public string ClusterName { get; set; } = "";

    [JsonIgnore]
    public string NodegroupName { get; set; } = "";

    public string? Version { get; set; }

    public string? ReleaseVersion { get; set; }

    public string? ClientRequestToken { get; set; }
}

public sealed class UpdateNodegroupVersionResponse : EksResponse
{
    public Update Update { get; set; } = new();
}

public sealed class UpdateAddonRequest
{
    [JsonIgnore]
    public string ClusterName { get; set; } = "";

    [JsonIgnore]
    public string AddonName { get; set; } = "";

    public string? AddonVersion { get; set; }

    /// <summary>OVERWRITE, NONE or PRESERVE: what to do with fields changed on the cluster since the add-on was installed.</summary>
    public string? ResolveConflicts { get; set; }

    public string? ClientRequestToken { get; set; }
}

public sealed class UpdateAddonResponse : EksResponse
{
    public Update Update { get; set; } = new();
}

public sealed class TagResourceRequest
{
    [JsonIgnore]
    public string ResourceArn { get; set; } = "";

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class TagResourceResponse : EksResponse;

public sealed class UntagResourceRequest
{
    public string ResourceArn { get; set; } = "";

    public List<string> TagKeys { get; set; } = [];
}

public sealed class UntagResourceResponse : EksResponse;

public sealed class DisassociateAccessPolicyRequest
{
    public string ClusterName { get; set; } = "";

    public string PrincipalArn { get; set; } = "";

    public string PolicyArn { get; set; } = "";
}

public sealed class DisassociateAccessPolicyResponse : EksResponse;
