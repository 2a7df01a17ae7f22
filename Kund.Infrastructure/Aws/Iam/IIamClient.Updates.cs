using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Iam;

/// <summary>The IAM operations that change a role in place.</summary>
public partial interface IIamClient
{
    Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default);

    Task<UntagRoleResponse> UntagRoleAsync(UntagRoleRequest request, CancellationToken cancellationToken = default);
}
