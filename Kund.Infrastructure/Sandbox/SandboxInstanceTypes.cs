namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// The EC2 instance types the sandbox offers per region, as DescribeInstanceTypeOfferings reports them
/// (docs/aws-behaviour.md, "Instance types offered in a region"): the general-purpose, compute and memory
/// families EKS node groups use, Graviton included. As in AWS, not every region offers every type: here the
/// Trainium <c>trn1</c> types are offered in us-east-1 only and the AMD <c>m7a</c> types not in ap-northeast-2,
/// so a spec can name a real type its region does not offer.
/// </summary>
public static class SandboxInstanceTypes
{
    private static readonly string[] Everywhere =
    [
        "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge",
        "t3a.medium", "t3a.large", "t3a.xlarge",
        "m5.large", "m5.xlarge", "m5.2xlarge",
        "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m6i.4xlarge",
        "m6a.large", "m6a.xlarge",
        "m7i.large", "m7i.xlarge",
        "m7g.medium", "m7g.large", "m7g.xlarge", "m7g.2xlarge", "m7g.16xlarge",
        "c6i.large", "c6i.xlarge", "c6i.2xlarge",
        "c7g.large", "c7g.xlarge",
        "r6i.large", "r6i.xlarge",
        "g5.xlarge",
    ];

    /// <summary>Region → the instance types offered there, ordered by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Offered { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["ap-northeast-2"] = Sorted(Everywhere),
        ["us-east-1"] = Sorted([.. Everywhere, "m7a.large", "m7a.xlarge", "trn1.2xlarge", "trn1.32xlarge"]),
        ["eu-west-1"] = Sorted([.. Everywhere, "m7a.large", "m7a.xlarge"]),
    };

    private static string[] Sorted(IEnumerable<string> types) => [.. types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
