namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>An ELBv2 load balancer, as the AWS Load Balancer Controller makes one for a Service.</summary>
public sealed record SandboxLoadBalancer(
    string Arn,
    string Name,
    string Region,
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    string Scheme,
    string Type,
    string DnsName,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// A network interface AWS manages for a load balancer. Once its load balancer is deleted it lingers until
/// <see cref="ReleasedAt"/>, as AWS's do for a few minutes.
/// </summary>
public sealed record SandboxNetworkInterface(
    string Id,
    string Region,
    string VpcId,
    string SubnetId,
    string AvailabilityZone,
    string PrivateIpAddress,
    string Description,
    string? LoadBalancerArn,
    IReadOnlyList<string> SecurityGroupIds,
    DateTimeOffset? ReleasedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsGoneAt(DateTimeOffset now) => ReleasedAt is { } released && now >= released;
}

/// <summary>A security group in a VPC (not the VPC's default one, which the sandbox does not model).</summary>
public sealed record SandboxSecurityGroup(
    string Id,
    string Region,
    string VpcId,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Tags);
