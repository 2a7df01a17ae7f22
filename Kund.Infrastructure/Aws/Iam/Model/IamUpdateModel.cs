namespace Kund.Infrastructure.Aws.Iam.Model;

// In-place changes of a role, named as in AWSSDK.IdentityManagement.

public sealed class UpdateAssumeRolePolicyRequest
{
    public string RoleName { get; set; } = "";

    public string PolicyDocument { get; set; } = "";
}

public sealed class UpdateAssumeRolePolicyResponse : IamResponse;

public sealed class UntagRoleRequest
{
    public string RoleName { get; set; } = "";

    public List<string> TagKeys { get; set; } = [];
}

public sealed class UntagRoleResponse : IamResponse;
