namespace Kund.Infrastructure.Aws.Iam.Model;

// Shapes named as in AWSSDK.IdentityManagement (Amazon.IdentityManagement.Model), so that package can
// replace this folder in one change. Only the members Kund uses are here.

public sealed class Tag
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}

public sealed class Role
{
    public string Path { get; set; } = "/";

    public string RoleName { get; set; } = "";

    public string RoleId { get; set; } = "";

    public string Arn { get; set; } = "";

    public DateTime? CreateDate { get; set; }

    /// <summary>The trust policy, already URL-decoded (IAM sends it URL-encoded).</summary>
    public string? AssumeRolePolicyDocument { get; set; }

    public string? Description { get; set; }

    public List<Tag> Tags { get; set; } = [];
}

public sealed class AttachedPolicy
{
    public string PolicyName { get; set; } = "";

    public string PolicyArn { get; set; } = "";
}

public abstract class IamResponse
{
    public string? RequestId { get; set; }
}

public sealed class CreateRoleRequest
{
    public string RoleName { get; set; } = "";

    public string AssumeRolePolicyDocument { get; set; } = "";

    public string? Path { get; set; }

    public string? Description { get; set; }

    public List<Tag> Tags { get; set; } = [];
}

public sealed class CreateRoleResponse : IamResponse
{
    public Role Role { get; set; } = new();
}

public sealed class GetRoleRequest
{
    public string RoleName { get; set; } = "";
}

public sealed class GetRoleResponse : IamResponse
{
    public Role Role { get; set; } = new();
}

public sealed class DeleteRoleRequest
{
    public string RoleName { get; set; } = "";
}

public sealed class DeleteRoleResponse : IamResponse;

public sealed class AttachRolePolicyRequest
{
    public string RoleName { get; set; } = "";

    public string PolicyArn { get; set; } = "";
}

public sealed class AttachRolePolicyResponse : IamResponse;

public sealed class DetachRolePolicyRequest
{
    public string RoleName { get; set; } = "";

    public string PolicyArn { get; set; } = "";
}

public sealed class DetachRolePolicyResponse : IamResponse;

public sealed class ListAttachedRolePoliciesRequest
{
    public string RoleName { get; set; } = "";

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }
}

public sealed class ListAttachedRolePoliciesResponse : IamResponse
{
    public List<AttachedPolicy> AttachedPolicies { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}

public sealed class ListRoleTagsRequest
{
    public string RoleName { get; set; } = "";

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }
}

public sealed class ListRoleTagsResponse : IamResponse
{
    public List<Tag> Tags { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}

public sealed class TagRoleRequest
{
    public string RoleName { get; set; } = "";

    public List<Tag> Tags { get; set; } = [];
}

public sealed class TagRoleResponse : IamResponse;
