using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>The EKS operations Kund uses, named as on <c>IAmazonEKS</c>.</summary>
public interface IEksClient
{
    Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken = default);

    Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default);

    Task<DeleteClusterResponse> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken cancellationToken = default);

    Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default);

    Task<DescribeClusterVersionsResponse> DescribeClusterVersionsAsync(DescribeClusterVersionsRequest request, CancellationToken cancellationToken = default);
}
