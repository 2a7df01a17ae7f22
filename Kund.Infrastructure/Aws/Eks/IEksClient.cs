using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>The EKS operations Kund uses, named as on <c>IAmazonEKS</c>.</summary>
public partial interface IEksClient
{
    Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken = default);

    Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default);

    Task<DeleteClusterResponse> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken cancellationToken = default);

    Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default);

    Task<DescribeClusterVersionsResponse> DescribeClusterVersionsAsync(DescribeClusterVersionsRequest request, CancellationToken cancellationToken = default);

    Task<CreateNodegroupResponse> CreateNodegroupAsync(CreateNodegroupRequest request, CancellationToken cancellationToken = default);

    Task<DescribeNodegroupResponse> DescribeNodegroupAsync(DescribeNodegroupRequest request, CancellationToken cancellationToken = default);

    Task<DeleteNodegroupResponse> DeleteNodegroupAsync(DeleteNodegroupRequest request, CancellationToken cancellationToken = default);

    Task<ListNodegroupsResponse> ListNodegroupsAsync(ListNodegroupsRequest request, CancellationToken cancellationToken = default);

    Task<UpdateNodegroupConfigResponse> UpdateNodegroupConfigAsync(UpdateNodegroupConfigRequest request, CancellationToken cancellationToken = default);

    Task<CreateAddonResponse> CreateAddonAsync(CreateAddonRequest request, CancellationToken cancellationToken = default);

    Task<DescribeAddonResponse> DescribeAddonAsync(DescribeAddonRequest request, CancellationToken cancellationToken = default);

    Task<DeleteAddonResponse> DeleteAddonAsync(DeleteAddonRequest request, CancellationToken cancellationToken = default);

    Task<DescribeAddonVersionsResponse> DescribeAddonVersionsAsync(DescribeAddonVersionsRequest request, CancellationToken cancellationToken = default);

    Task<CreateAccessEntryResponse> CreateAccessEntryAsync(CreateAccessEntryRequest request, CancellationToken cancellationToken = default);

    Task<DescribeAccessEntryResponse> DescribeAccessEntryAsync(DescribeAccessEntryRequest request, CancellationToken cancellationToken = default);

    Task<DeleteAccessEntryResponse> DeleteAccessEntryAsync(DeleteAccessEntryRequest request, CancellationToken cancellationToken = default);

    Task<AssociateAccessPolicyResponse> AssociateAccessPolicyAsync(AssociateAccessPolicyRequest request, CancellationToken cancellationToken = default);

    Task<ListAssociatedAccessPoliciesResponse> ListAssociatedAccessPoliciesAsync(ListAssociatedAccessPoliciesRequest request, CancellationToken cancellationToken = default);
}
