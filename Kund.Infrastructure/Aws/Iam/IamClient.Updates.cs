using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Iam;

/// <summary>UpdateAssumeRolePolicy and UntagRole; lists go as <c>TagKeys.member.N</c>.</summary>
public sealed partial class IamClient
{
    public async Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("UpdateAssumeRolePolicy", ("RoleName", request.RoleName), ("PolicyDocument", request.PolicyDocument));
        var (_, requestId) = await CallAsync("UpdateAssumeRolePolicy", form, cancellationToken);
        return new UpdateAssumeRolePolicyResponse { RequestId = requestId };
    }

    public async Task<UntagRoleResponse> UntagRoleAsync(UntagRoleRequest request, CancellationToken cancellationToken = default)
    {
        var form = Form("UntagRole", ("RoleName", request.RoleName));
        for (var i = 0; i < request.TagKeys.Count; i++)
        {
            form.Add(new($"TagKeys.member.{i + 1}", request.TagKeys[i]));
        }

        var (_, requestId) = await CallAsync("UntagRole", form, cancellationToken);
        return new UntagRoleResponse { RequestId = requestId };
    }
}
