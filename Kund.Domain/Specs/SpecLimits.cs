namespace Kund.Domain.Specs;

/// <summary>
/// How long each text of a spec may be: the tighter of what AWS accepts where the text ends up and the
/// database column that stores it. The validator refuses longer values by path; the EF model uses the
/// same numbers for its columns.
/// </summary>
public static class SpecLimits
{
    /// <summary>The environment's name: a DNS label that stems resource names (role <c>&lt;name&gt;-eks-cluster</c> ≤ 64).</summary>
    public const int NameMaxLength = 40;

    /// <summary>A team's name, as the teams and environments tables store it.</summary>
    public const int TeamMaxLength = 64;

    /// <summary>
    /// A subnet's name becomes the node key <c>subnet/&lt;name&gt;</c>, stored in columns of
    /// <see cref="ResourceKeyMaxLength"/> characters, and part of its Name tag (at most 256 in EC2).
    /// </summary>
    public const int SubnetNameMaxLength = ResourceKeyMaxLength - 7;

    /// <summary>A resource node's key as resource records and progress events store it.</summary>
    public const int ResourceKeyMaxLength = 128;

    /// <summary>IAM role names are 1 to 64 characters.</summary>
    public const int RoleNameMaxLength = 64;

    /// <summary>IAM ARNs are at most 2048 characters.</summary>
    public const int ArnMaxLength = 2048;

    /// <summary>EKS's default quota of nodes per managed node group (maxSize above it is refused).</summary>
    public const int NodesPerNodeGroupQuota = 450;

    /// <summary>EKS's default quota of managed node groups per cluster.</summary>
    public const int NodeGroupsPerClusterQuota = 30;

    /// <summary>EKS cluster names are 1 to 100 characters.</summary>
    public const int ClusterNameMaxLength = 100;

    /// <summary>Tag keys are 1 to 128 characters in EC2, IAM and EKS.</summary>
    public const int TagKeyMaxLength = 128;

    /// <summary>Tag values are at most 256 characters in EC2, IAM and EKS.</summary>
    public const int TagValueMaxLength = 256;

    /// <summary>An approver's comment, as the environments table stores it.</summary>
    public const int CommentMaxLength = 2000;

    /// <summary>Email addresses (RFC 5321: 64 + @ + 255), as every actor column stores them.</summary>
    public const int EmailMaxLength = 320;
}
