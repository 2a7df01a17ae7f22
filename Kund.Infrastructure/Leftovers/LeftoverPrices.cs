namespace Kund.Infrastructure.Leftovers;

/// <summary>What a leftover costs a month (730 hours) at us-east-1 list prices (docs/aws-behaviour.md, Prices).</summary>
public static class LeftoverPrices
{
    public const decimal HoursPerMonth = 730m;

    /// <summary>A public IPv4 address, attached or not: $0.005 an hour.</summary>
    public const decimal ElasticIp = 0.005m * HoursPerMonth;

    /// <summary>A NAT gateway by the hour, without data: $0.045 an hour.</summary>
    public const decimal NatGateway = 0.045m * HoursPerMonth;

    /// <summary>A load balancer by the hour, without capacity units: $0.0225 an hour.</summary>
    public const decimal LoadBalancer = 0.0225m * HoursPerMonth;

    /// <summary>An EKS cluster on standard support: $0.10 an hour.</summary>
    public const decimal EksCluster = 0.10m * HoursPerMonth;

    /// <summary>The hourly price of one resource of an AWS kind; what bills only by use (a VPC, a subnet) costs nothing.</summary>
    public static decimal Of(string kind) => kind switch
    {
        "elastic-ip" => ElasticIp,
        "natgateway" => NatGateway,
        "loadbalancer" => LoadBalancer,
        "cluster" => EksCluster,
        _ => 0m,
    };
}
