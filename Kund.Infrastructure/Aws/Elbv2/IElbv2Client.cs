namespace Kund.Infrastructure.Aws.Elbv2;

/// <summary>The ELBv2 operations Kund uses: finding what Kubernetes made and deleting it.</summary>
public interface IElbv2Client
{
    /// <summary>One page; <paramref name="arns"/> empty means every load balancer of the region.</summary>
    Task<DescribeLoadBalancersPage> DescribeLoadBalancersAsync(IReadOnlyList<string>? arns = null, string? marker = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>Tags of at most 20 load balancers.</summary>
    Task<IReadOnlyList<LoadBalancerTags>> DescribeTagsAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken = default);

    /// <summary>Deletes a load balancer; one already gone succeeds, as ELBv2 answers.</summary>
    Task DeleteLoadBalancerAsync(string arn, CancellationToken cancellationToken = default);
}
