using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>The EKS operations that change things in place.</summary>
public partial interface IEksClient
{
    Task<UpdateClusterVersionResponse> UpdateClusterVersionAsync(UpdateClusterVersionRequest request, CancellationToken cancellationToken = default);

    Task<UpdateClusterConfigResponse> UpdateClusterConfigAsync(UpdateClusterConfigRequest request, CancellationToken cancellationToken = default);

    Task<DescribeUpdateResponse> DescribeUpdateAsync(DescribeUpdateRequest request, CancellationToken cancellationToken = default);

    Task<UpdateNodegroupVersionResponse> UpdateNodegroupVersionAsync(UpdateNodegroupVersionRequest request, CancellationToken cancellationToken = default);

    Task<UpdateAddonResponse> UpdateAddonAsync(UpdateAddonRequest request, CancellationToken cancellationToken = default);

    Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default);

    Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default);

    Task<DisassociateAccessPolicyResponse> DisassociateAccessPolicyAsync(DisassociateAccessPolicyRequest request, CancellationToken cancellationToken = default);
}
