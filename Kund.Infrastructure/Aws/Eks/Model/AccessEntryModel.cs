namespace Kund.Infrastructure.Aws.Eks.Model;

// Access entry and access policy shapes, named as in AWSSDK.EKS.

/// <summary>Access scope types as EKS spells them.</summary>
public static class AccessScopeType
{
    public const string Cluster = "cluster";
    public const string Namespace = "namespace";
}

public sealed class AccessEntry
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public List<string> KubernetesGroups { get; set; } = [];

    public string? AccessEntryArn { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? ModifiedAt { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public string? Username { get; set; }

    public string? Type { get; set; }
}

public sealed class AccessScope
{
    public string? Type { get; set; }

    public List<string>? Namespaces { get; set; }
}

public sealed class AssociatedAccessPolicy
{
    public string? PolicyArn { get; set; }

    public AccessScope? AccessScope { get; set; }

    public DateTime? AssociatedAt { get; set; }

    public DateTime? ModifiedAt { get; set; }
}

public sealed class CreateAccessEntryRequest
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClusterName { get; set; } = "";

    public string PrincipalArn { get; set; } = "";

    public List<string>? KubernetesGroups { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? ClientRequestToken { get; set; }

    public string? Username { get; set; }

    public string? Type { get; set; }
}

public sealed class CreateAccessEntryResponse : EksResponse
{
    public AccessEntry AccessEntry { get; set; } = new();
}

public sealed class DescribeAccessEntryRequest
{
    public string ClusterName { get; set; } = "";

    public string PrincipalArn { get; set; } = "";
}

public sealed class DescribeAccessEntryResponse : EksResponse
{
    public AccessEntry AccessEntry { get; set; } = new();
}

public sealed class DeleteAccessEntryRequest
{
    public string ClusterName { get; set; } = "";

    public string PrincipalArn { get; set; } = "";
}

public sealed class DeleteAccessEntryResponse : EksResponse
{
}

public sealed class AssociateAccessPolicyRequest
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClusterName { get; set; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public string PrincipalArn { get; set; } = "";

    public string PolicyArn { get; set; } = "";

    public AccessScope AccessScope { get; set; } = new();
}

public sealed class AssociateAccessPolicyResponse : EksResponse
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public AssociatedAccessPolicy? AssociatedAccessPolicy { get; set; }
}

public sealed class ListAssociatedAccessPoliciesRequest
{
    public string ClusterName { get; set; } = "";

    public string PrincipalArn { get; set; } = "";

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListAssociatedAccessPoliciesResponse : EksResponse
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public string? NextToken { get; set; }

    public List<AssociatedAccessPolicy> AssociatedAccessPolicies { get; set; } = [];
}
