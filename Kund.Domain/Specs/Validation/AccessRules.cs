using System.Text.RegularExpressions;
using Kund.Domain.Resources;

namespace Kund.Domain.Specs.Validation;

/// <summary>Who may use the cluster: well-formed IAM principal ARNs, each once, namespaces that are Kubernetes names.</summary>
internal static partial class AccessRules
{
    public static void Check(ValidationContext context)
    {
        if (context.Spec.Cluster is not { } cluster)
        {
            return;
        }

        var access = cluster.Access ?? [];
        if (cluster.Access is { Count: 0 })
        {
            context.Warning(
                SpecPaths.ClusterAccess,
                "no access entries: with authentication mode API nobody but Kund can reach the cluster; add the team's IAM role");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < access.Count; index++)
        {
            if (access[index] is not { } entry)
            {
                context.Error(SpecPaths.AccessEntry(index), "an access entry is required here, not null");
                continue;
            }

            var arn = entry.PrincipalArn ?? "";
            var path = SpecPaths.AccessEntry(index, "principalArn");
            if (arn.Length > SpecLimits.ArnMaxLength)
            {
                context.Error(path, $"principalArn {TextLimit.Clip(arn)} is {arn.Length} characters long; IAM ARNs have at most {SpecLimits.ArnMaxLength}");
            }
            else if (!PrincipalArn().IsMatch(arn))
            {
                context.Error(path, $"{(arn.Length == 0 ? "an empty principalArn" : TextLimit.Clip(arn))} is not an IAM principal ARN; expected {Partition(context).ArnPrefix}:iam::<12-digit account>:role/<name> (or :user/<name>)");
            }
            else if (OtherPartition(context, arn) is { } message)
            {
                context.Error(path, message);
            }
            else if (seen.TryGetValue(arn, out var first))
            {
                context.Error(path, $"{arn} is already given access at {SpecPaths.AccessEntry(first)}; EKS allows one access entry per principal");
            }
            else
            {
                seen[arn] = index;
            }

            var namespaces = entry.Namespaces ?? [];
            for (var position = 0; position < namespaces.Count; position++)
            {
                if (!NamespaceName().IsMatch(namespaces[position] ?? ""))
                {
                    context.Error(
                        SpecPaths.AccessEntry(index, "namespaces") + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{position}]"),
                        $"{TextLimit.Clip(namespaces[position] ?? "")} is not a Kubernetes namespace name (lowercase letters, digits and -, at most 63)");
                }
            }
        }
    }

    /// <summary>The partition of the environment's region, whose ARNs a principal must carry.</summary>
    internal static AwsPartition Partition(ValidationContext context) => AwsPartition.Of(context.Spec.Region);

    /// <summary>Why <paramref name="arn"/> cannot serve in the environment's region: it belongs to another partition; null when it can.</summary>
    internal static string? OtherPartition(ValidationContext context, string arn)
    {
        var partition = Partition(context);
        return arn.StartsWith(partition.ArnPrefix + ":", StringComparison.Ordinal)
            ? null
            : $"{TextLimit.Clip(arn)} is in partition {arn.Split(':')[1]}, but {context.Spec.Region} is in {partition.Name}: its ARNs begin with {partition.ArnPrefix}:";
    }

    [GeneratedRegex("^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(role|user)/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrincipalArn();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();
}
