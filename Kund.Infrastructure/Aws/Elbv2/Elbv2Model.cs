namespace Kund.Infrastructure.Aws.Elbv2;

/// <summary>One load balancer as DescribeLoadBalancers answers it (the fields Kund reads).</summary>
public sealed record LoadBalancer(
    string LoadBalancerArn,
    string LoadBalancerName,
    string? VpcId,
    string? Type,
    string? Scheme,
    string? State,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds);

/// <summary>One page of DescribeLoadBalancers; <see cref="NextMarker"/> is null on the last.</summary>
public sealed record DescribeLoadBalancersPage(IReadOnlyList<LoadBalancer> LoadBalancers, string? NextMarker);

/// <summary>The tags of one load balancer, from DescribeTags.</summary>
public sealed record LoadBalancerTags(string ResourceArn, IReadOnlyDictionary<string, string> Tags);
