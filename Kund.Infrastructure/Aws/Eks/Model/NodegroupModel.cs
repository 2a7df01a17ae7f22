namespace Kund.Infrastructure.Aws.Eks.Model;

// Managed node group shapes, named as in AWSSDK.EKS.

/// <summary>Node group status values as EKS spells them.</summary>
public static class NodegroupStatus
{
    public const string CREATING = nameof(CREATING);
    public const string ACTIVE = nameof(ACTIVE);
    public const string UPDATING = nameof(UPDATING);
    public const string DELETING = nameof(DELETING);
    public const string CreateFailed = "CREATE_FAILED";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DEGRADED = nameof(DEGRADED);
}

public sealed class NodegroupScalingConfig
{
    public int? MinSize { get; set; }

    public int? MaxSize { get; set; }

    public int? DesiredSize { get; set; }
}

public sealed class NodegroupUpdateConfig
{
    public int? MaxUnavailable { get; set; }

    public int? MaxUnavailablePercentage { get; set; }
}

public sealed class Issue
{
    public string? Code { get; set; }

    public string? Message { get; set; }

    public List<string> ResourceIds { get; set; } = [];
}

public sealed class NodegroupHealth
{
    public List<Issue> Issues { get; set; } = [];
}

public sealed class AutoScalingGroup
{
    public string? Name { get; set; }
}

public sealed class NodegroupResources
{
    public List<AutoScalingGroup> AutoScalingGroups { get; set; } = [];

    public string? RemoteAccessSecurityGroup { get; set; }
}

public sealed class Nodegroup
{
    public string NodegroupName { get; set; } = "";

    public string? NodegroupArn { get; set; }

    public string? ClusterName { get; set; }

    public string? Version { get; set; }

    public string? ReleaseVersion { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? ModifiedAt { get; set; }

    public string? Status { get; set; }

    public string? CapacityType { get; set; }

    public NodegroupScalingConfig? ScalingConfig { get; set; }

    public List<string> InstanceTypes { get; set; } = [];

    public List<string> Subnets { get; set; } = [];

    public string? AmiType { get; set; }

    public string? NodeRole { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public NodegroupResources? Resources { get; set; }

    public int? DiskSize { get; set; }

    public NodegroupHealth? Health { get; set; }

    public NodegroupUpdateConfig? UpdateConfig { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class CreateNodegroupRequest
{
    /// <summary>The cluster, sent in the path.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClusterName { get; set; } = "";

    public string NodegroupName { get; set; } = "";

    public NodegroupScalingConfig? ScalingConfig { get; set; }

    public int? DiskSize { get; set; }

    public List<string> Subnets { get; set; } = [];

    public List<string>? InstanceTypes { get; set; }

    public string? AmiType { get; set; }

    public string NodeRole { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? ClientRequestToken { get; set; }

    public NodegroupUpdateConfig? UpdateConfig { get; set; }

    public string? CapacityType { get; set; }

    public string? Version { get; set; }

    public string? ReleaseVersion { get; set; }
}

public sealed class CreateNodegroupResponse : EksResponse
{
    public Nodegroup Nodegroup { get; set; } = new();
}

public sealed class DescribeNodegroupRequest
{
    public string ClusterName { get; set; } = "";

    public string NodegroupName { get; set; } = "";
}

public sealed class DescribeNodegroupResponse : EksResponse
{
    public Nodegroup Nodegroup { get; set; } = new();
}

public sealed class DeleteNodegroupRequest
{
    public string ClusterName { get; set; } = "";

    public string NodegroupName { get; set; } = "";
}

public sealed class DeleteNodegroupResponse : EksResponse
{
    public Nodegroup Nodegroup { get; set; } = new();
}

public sealed class ListNodegroupsRequest
{
    public string ClusterName { get; set; } = "";

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListNodegroupsResponse : EksResponse
{
    public List<string> Nodegroups { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class UpdateLabelsPayload
{
    public Dictionary<string, string>? AddOrUpdateLabels { get; set; }

    public List<string>? RemoveLabels { get; set; }
}

public sealed class UpdateNodegroupConfigRequest
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClusterName { get; set; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public string NodegroupName { get; set; } = "";

    public UpdateLabelsPayload? Labels { get; set; }

    public NodegroupScalingConfig? ScalingConfig { get; set; }

    public NodegroupUpdateConfig? UpdateConfig { get; set; }

    public string? ClientRequestToken { get; set; }
}

public sealed class UpdateParam
{
    public string? Type { get; set; }

    public string? Value { get; set; }
}

public sealed class ErrorDetail
{
    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public List<string> ResourceIds { get; set; } = [];
}

public sealed class Update
{
    public string? Id { get; set; }

    public string? Status { get; set; }

    public string? Type { get; set; }

    public List<UpdateParam> Params { get; set; } = [];

    public DateTime? CreatedAt { get; set; }

    public List<ErrorDetail> Errors { get; set; } = [];
}

public sealed class UpdateNodegroupConfigResponse : EksResponse
{
    public Update Update { get; set; } = new();
}
