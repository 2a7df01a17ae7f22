namespace Kund.Infrastructure.Aws.Eks.Model;

// Shapes named as in AWSSDK.EKS (Amazon.EKS.Model), so that package can replace this folder in one
// change. JSON names are the same in camelCase (REST-JSON protocol). Only the members Kund uses are here.

public sealed class VpcConfigRequest
{
    /// <summary>Required by CreateCluster; left out of UpdateClusterConfig, which would otherwise move the cluster.</summary>
    public List<string>? SubnetIds { get; set; }

    public List<string>? SecurityGroupIds { get; set; }

    public bool? EndpointPublicAccess { get; set; }

    public bool? EndpointPrivateAccess { get; set; }

    public List<string>? PublicAccessCidrs { get; set; }
}

public sealed class VpcConfigResponse
{
    public List<string> SubnetIds { get; set; } = [];

    public List<string> SecurityGroupIds { get; set; } = [];

    public string? ClusterSecurityGroupId { get; set; }

    public string? VpcId { get; set; }

    public bool? EndpointPublicAccess { get; set; }

    public bool? EndpointPrivateAccess { get; set; }

    public List<string> PublicAccessCidrs { get; set; } = [];
}

public sealed class LogSetup
{
    public List<string> Types { get; set; } = [];

    public bool? Enabled { get; set; }
}

public sealed class Logging
{
    public List<LogSetup> ClusterLogging { get; set; } = [];
}

public sealed class Certificate
{
    public string? Data { get; set; }
}

/// <summary>Cluster status values as EKS spells them.</summary>
public static class ClusterStatus
{
    public const string CREATING = nameof(CREATING);
    public const string ACTIVE = nameof(ACTIVE);
    public const string DELETING = nameof(DELETING);
    public const string FAILED = nameof(FAILED);
    public const string UPDATING = nameof(UPDATING);
    public const string PENDING = nameof(PENDING);
}

public sealed class Cluster
{
    public string Name { get; set; } = "";

    public string? Arn { get; set; }

    public DateTime? CreatedAt { get; set; }

    public string? Version { get; set; }

    public string? Endpoint { get; set; }

    public string? RoleArn { get; set; }

    public VpcConfigResponse? ResourcesVpcConfig { get; set; }

    public Logging? Logging { get; set; }

    public string? Status { get; set; }

    public Certificate? CertificateAuthority { get; set; }

    public string? ClientRequestToken { get; set; }

    public string? PlatformVersion { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public AccessConfigResponse? AccessConfig { get; set; }

    public ComputeConfig? ComputeConfig { get; set; }

    public KubernetesNetworkConfig? KubernetesNetworkConfig { get; set; }

    public StorageConfig? StorageConfig { get; set; }

    public UpgradePolicy? UpgradePolicy { get; set; }

    public bool? DeletionProtection { get; set; }

    public ClusterHealth? Health { get; set; }
}

/// <summary>Why a cluster is FAILED (or unhealthy): AWS's issues with their codes and the resources they name.</summary>
public sealed class ClusterHealth
{
    public List<Issue> Issues { get; set; } = [];
}

public sealed class ClusterVersionInformation
{
    public string? ClusterVersion { get; set; }

    public string? ClusterType { get; set; }

    public string? DefaultPlatformVersion { get; set; }

    public bool? DefaultVersion { get; set; }

    public DateTime? ReleaseDate { get; set; }

    public DateTime? EndOfStandardSupportDate { get; set; }

    public DateTime? EndOfExtendedSupportDate { get; set; }

    public string? VersionStatus { get; set; }

    public string? KubernetesPatchVersion { get; set; }
}

public abstract class EksResponse
{
    public string? RequestId { get; set; }
}

public sealed class CreateClusterRequest
{
    public string Name { get; set; } = "";

    public string? Version { get; set; }

    public string RoleArn { get; set; } = "";

    public VpcConfigRequest ResourcesVpcConfig { get; set; } = new();

    public Logging? Logging { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? ClientRequestToken { get; set; }

    public CreateAccessConfigRequest? AccessConfig { get; set; }

    /// <summary>False leaves out the self-managed vpc-cni, coredns and kube-proxy EKS otherwise installs.</summary>
    public bool? BootstrapSelfManagedAddons { get; set; }

    /// <summary>Auto Mode compute; on only together with load balancing and block storage.</summary>
    public ComputeConfig? ComputeConfig { get; set; }

    public KubernetesNetworkConfig? KubernetesNetworkConfig { get; set; }

    public StorageConfig? StorageConfig { get; set; }

    public bool? DeletionProtection { get; set; }

    public UpgradePolicy? UpgradePolicy { get; set; }
}

public sealed class CreateClusterResponse : EksResponse
{
    public Cluster Cluster { get; set; } = new();
}

public sealed class DescribeClusterRequest
{
    public string Name { get; set; } = "";
}

public sealed class DescribeClusterResponse : EksResponse
{
    public Cluster Cluster { get; set; } = new();
}

public sealed class DeleteClusterRequest
{
    public string Name { get; set; } = "";
}

public sealed class DeleteClusterResponse : EksResponse
{
    public Cluster Cluster { get; set; } = new();
}

public sealed class ListClustersRequest
{
    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListClustersResponse : EksResponse
{
    public List<string> Clusters { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class DescribeClusterVersionsRequest
{
    public string? ClusterType { get; set; }

    public List<string>? ClusterVersions { get; set; }

    public bool? DefaultOnly { get; set; }

    public bool? IncludeAll { get; set; }

    public string? VersionStatus { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeClusterVersionsResponse : EksResponse
{
    public List<ClusterVersionInformation> ClusterVersions { get; set; } = [];

    public string? NextToken { get; set; }
}
