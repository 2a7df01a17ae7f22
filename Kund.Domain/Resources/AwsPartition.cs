using System.Text.RegularExpressions;

namespace Kund.Domain.Resources;

/// <summary>
/// An AWS partition as the SDKs' endpoint rules resolve it from a region name: the commercial partition
/// (<c>aws</c>), China (<c>aws-cn</c>, domain <c>amazonaws.com.cn</c>) and GovCloud (<c>aws-us-gov</c>).
/// ARNs begin with <see cref="ArnPrefix"/>, AWS's own policies included; regional services live at
/// <c>{service}.{region}.{DnsSuffix}</c>; IAM is global per partition, with its own endpoint and signing
/// region (docs/aws-behaviour.md, Partitions).
/// </summary>
public sealed partial record AwsPartition(string Name, string DnsSuffix, string IamEndpoint, string IamSigningRegion)
{
    public static AwsPartition Commercial { get; } = new("aws", "amazonaws.com", "https://iam.amazonaws.com/", "us-east-1");

    public static AwsPartition China { get; } = new("aws-cn", "amazonaws.com.cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1");

    public static AwsPartition GovCloud { get; } = new("aws-us-gov", "amazonaws.com", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1");

    /// <summary><c>arn:aws</c>, <c>arn:aws-cn</c> or <c>arn:aws-us-gov</c>: how every ARN of the partition begins.</summary>
    public string ArnPrefix => $"arn:{Name}";

    /// <summary>
    /// The partition of <paramref name="region"/>, matched as the SDKs' endpoint rules match it
    /// (<c>cn-*-N</c>, <c>us-gov-*-N</c>); a region no rule names is commercial, as in the SDKs.
    /// </summary>
    public static AwsPartition Of(string region) =>
        ChinaRegion().IsMatch(region) ? China
        : GovCloudRegion().IsMatch(region) ? GovCloud
        : Commercial;

    /// <summary>An AWS managed IAM policy of this partition: <c>arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy</c>.</summary>
    public string ManagedPolicyArn(string policyName) => $"{ArnPrefix}:iam::aws:policy/{policyName}";

    /// <summary>An EKS access policy of this partition: <c>arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSViewPolicy</c>.</summary>
    public string AccessPolicyArn(string policyName) => $"{ArnPrefix}:eks::aws:cluster-access-policy/{policyName}";

    /// <summary><c>https://{service}.{region}.{DnsSuffix}</c>, ending in a slash when <paramref name="trailingSlash"/>.</summary>
    public static Uri RegionalEndpoint(string service, string region, bool trailingSlash = false) =>
        new($"https://{service}.{region}.{Of(region).DnsSuffix}{(trailingSlash ? "/" : "")}");

    [GeneratedRegex(@"^cn-\w+-\d+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ChinaRegion();

    [GeneratedRegex(@"^us-gov-\w+-\d+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GovCloudRegion();
}
