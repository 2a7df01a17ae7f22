using System.Text.Json.Serialization;

namespace Kund.Domain.Specs;

/// <summary>An IAM principal let into the cluster with one EKS access policy, at cluster scope or in some namespaces.</summary>
public sealed record AccessEntrySpec
{
    public string PrincipalArn { get; init; } = "";

    public EksAccessPolicy Policy { get; init; } = EksAccessPolicy.AmazonEKSClusterAdminPolicy;

    /// <summary>Null or empty: cluster scope.</summary>
    public IReadOnlyList<string>? Namespaces { get; init; }
}

/// <summary>The EKS access policies a team may grant; the names are AWS's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EksAccessPolicy>))]
public enum EksAccessPolicy
{
    AmazonEKSClusterAdminPolicy,
    AmazonEKSAdminPolicy,
    AmazonEKSEditPolicy,
    AmazonEKSViewPolicy,
}
