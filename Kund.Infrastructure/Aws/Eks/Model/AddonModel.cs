namespace Kund.Infrastructure.Aws.Eks.Model;

// Managed add-on shapes, named as in AWSSDK.EKS.

/// <summary>Add-on status values as EKS spells them.</summary>
public static class AddonStatus
{
    public const string CREATING = nameof(CREATING);
    public const string ACTIVE = nameof(ACTIVE);
    public const string CreateFailed = "CREATE_FAILED";
    public const string UPDATING = nameof(UPDATING);
    public const string DELETING = nameof(DELETING);
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DEGRADED = nameof(DEGRADED);
    public const string UpdateFailed = "UPDATE_FAILED";
}

public sealed class AddonIssue
{
    public string? Code { get; set; }

    public string? Message { get; set; }

    public List<string> ResourceIds { get; set; } = [];
}

public sealed class AddonHealth
{
    public List<AddonIssue> Issues { get; set; } = [];
}

public sealed class Addon
{
    public string AddonName { get; set; } = "";

    public string? ClusterName { get; set; }

    public string? Status { get; set; }

    public string? AddonVersion { get; set; }

    public AddonHealth? Health { get; set; }

    public string? AddonArn { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? ModifiedAt { get; set; }

    public string? ServiceAccountRoleArn { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public string? Publisher { get; set; }

    public string? Owner { get; set; }

    public string? ConfigurationValues { get; set; }
}

public sealed class CreateAddonRequest
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClusterName { get; set; } = "";

    public string AddonName { get; set; } = "";

    public string? AddonVersion { get; set; }

    public string? ServiceAccountRoleArn { get; set; }

    /// <summary><c>NONE</c>, <c>OVERWRITE</c> or <c>PRESERVE</c>.</summary>
    public string? ResolveConflicts { get; set; }

    public string? ClientRequestToken { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? ConfigurationValues { get; set; }
}

public sealed class CreateAddonResponse : EksResponse
{
    public Addon Addon { get; set; } = new();
}

public sealed class DescribeAddonRequest
{
    public string ClusterName { get; set; } = "";

    public string AddonName { get; set; } = "";
}

public sealed class DescribeAddonResponse : EksResponse
{
    public Addon Addon { get; set; } = new();
}

public sealed class DeleteAddonRequest
{
    public string ClusterName { get; set; } = "";

    public string AddonName { get; set; } = "";

    /// <summary>Keep the add-on's software on the cluster, no longer managed by EKS.</summary>
    public bool? Preserve { get; set; }
}

public sealed class DeleteAddonResponse : EksResponse
{
    public Addon Addon { get; set; } = new();
}

public sealed class Compatibility
{
    public string? ClusterVersion { get; set; }

    public List<string> PlatformVersions { get; set; } = [];

    public bool? DefaultVersion { get; set; }
}

public sealed class AddonVersionInfo
{
    public string? AddonVersion { get; set; }

    public List<string> Architecture { get; set; } = [];

    public List<string> ComputeTypes { get; set; } = [];

    public List<Compatibility> Compatibilities { get; set; } = [];

    public bool? RequiresConfiguration { get; set; }
}

public sealed class AddonInfo
{
    public string? AddonName { get; set; }

    public string? Type { get; set; }

    public List<AddonVersionInfo> AddonVersions { get; set; } = [];

    public string? Publisher { get; set; }

    public string? Owner { get; set; }
}

public sealed class DescribeAddonVersionsRequest
{
    public string? KubernetesVersion { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }

    public string? AddonName { get; set; }

    public List<string>? Types { get; set; }

    public List<string>? Publishers { get; set; }

    public List<string>? Owners { get; set; }
}

public sealed class DescribeAddonVersionsResponse : EksResponse
{
    public List<AddonInfo> Addons { get; set; } = [];

    public string? NextToken { get; set; }
}
