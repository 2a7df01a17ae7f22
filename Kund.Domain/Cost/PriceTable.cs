using System.Globalization;

namespace Kund.Domain.Cost;

/// <summary>
/// On-demand prices (USD, us-east-1) of what Kund creates, from docs/aws-behaviour.md. Estimates, not invoices:
/// other regions differ by a few percent, and usage-based charges are left out.
/// </summary>
public static class PriceTable
{
    /// <summary>AWS bills by the hour; a month is taken as 730 hours (365 × 24 / 12).</summary>
    public const decimal HoursPerMonth = 730m;

    public const decimal EksClusterStandardSupportPerHour = 0.10m;

    /// <summary>Six times the standard price, once a Kubernetes version leaves standard support.</summary>
    public const decimal EksClusterExtendedSupportPerHour = 0.60m;

    public const decimal NatGatewayPerHour = 0.045m;

    /// <summary>Charged on top of the hourly price for every GB the NAT gateway processes.</summary>
    public const decimal NatGatewayPerGbProcessed = 0.045m;

    /// <summary>Every public IPv4 address, attached or not (each NAT gateway holds one Elastic IP).</summary>
    public const decimal PublicIpv4AddressPerHour = 0.005m;

    /// <summary>gp3 volumes, per GiB-month: the nodes' root disks.</summary>
    public const decimal EbsGp3PerGibMonth = 0.08m;

    /// <summary>EKS Auto Mode's management fee, as a share of each instance's on-demand price.</summary>
    public const decimal AutoModeFeeShare = 0.12m;

    /// <summary>Linux on-demand prices per hour of the instance types Kund proposes; other types are named in the estimate's notes.</summary>
    public static IReadOnlyDictionary<string, decimal> InstancePerHour { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["t3.medium"] = 0.0416m,
        ["t3.large"] = 0.0832m,
        ["m6i.large"] = 0.096m,
        ["m6i.xlarge"] = 0.192m,
        ["c6i.large"] = 0.085m,
    };

    /// <summary>An hourly price over a month of <see cref="HoursPerMonth"/>.</summary>
    public static decimal Monthly(decimal perHour) => perHour * HoursPerMonth;

    /// <summary>Dollars rounded to cents for display only ("$109.50"); sums are kept exact.</summary>
    public static string FormatUsd(decimal amount) =>
        "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
