namespace Kund.Infrastructure.Aws.Eks.Model;

// CreateCluster's access, Auto Mode, protection and support settings, named as in AWSSDK.EKS.

/// <summary>Authentication modes as EKS spells them.</summary>
public static class AuthenticationMode
{
    public const string API = nameof(API);
    public const string ApiAndConfigMap = "API_AND_CONFIG_MAP";
    public const string ConfigMap = "CONFIG_MAP";
}

/// <summary>Support types as EKS spells them.</summary>
public static class SupportType
{
    public const string STANDARD = nameof(STANDARD);
    public const string EXTENDED = nameof(EXTENDED);
}

public sealed class CreateAccessConfigRequest
{
    public bool? BootstrapClusterCreatorAdminPermissions { get; set; }

    public string? AuthenticationMode { get; set; }
}

public sealed class AccessConfigResponse
{
    public bool? BootstrapClusterCreatorAdminPermissions { get; set; }

    public string? AuthenticationMode { get; set; }
}

/// <summary>EKS Auto Mode compute; request and response share the shape.</summary>
public sealed class ComputeConfig
{
    public bool? Enabled { get; set; }

    public List<string>? NodePools { get; set; }

    public string? NodeRoleArn { get; set; }
}

public sealed class ElasticLoadBalancing
{
    public bool? Enabled { get; set; }
}

public sealed class KubernetesNetworkConfig
{
    public string? ServiceIpv4Cidr { get; set; }

    public string? IpFamily { get; set; }

    public ElasticLoadBalancing? ElasticLoadBalancing { get; set; }
}

public sealed class BlockStorage
{
    public bool? Enabled { get; set; }
}

public sealed class StorageConfig
{
    public BlockStorage? BlockStorage { get; set; }
}

public sealed class UpgradePolicy
{
    public string? SupportType { get; set; }
}
