using System.Text.RegularExpressions;

namespace Kund.Domain.Specs.Validation;

/// <summary>The role EKS assumes: either Kund creates it under a valid name, or an existing role is named by ARN.</summary>
internal static partial class ClusterRoleRules
{
    public const int MaxNameLength = SpecLimits.RoleNameMaxLength;

    public static void Check(ValidationContext context)
    {
        // A network-only environment has no cluster, so the role is never made: nothing to check.
        if (context.Spec.Cluster is null || context.Spec.ClusterRole is not { } role)
        {
            return;
        }

        CheckRole(context, role, SpecPaths.ClusterRoleName, SpecPaths.ClusterRoleExistingArn);
    }

    /// <summary>A role Kund creates (a valid name) or an existing one (a role ARN), at the given paths: the cluster's and the nodes' alike.</summary>
    public static void CheckRole(ValidationContext context, ClusterRoleSpec role, string namePath, string arnPath)
    {
        var hasArn = !string.IsNullOrWhiteSpace(role.ExistingArn);
        if (role.Create)
        {
            CheckName(context, role.Name ?? "", namePath);
            if (hasArn)
            {
                context.Error(
                    arnPath,
                    $"existingArn {role.ExistingArn} cannot be combined with create: true; either Kund creates the role or it uses an existing one");
            }

            return;
        }

        if (!hasArn)
        {
            context.Error(
                arnPath,
                $"with create: false an existing role is used, so existingArn is required: {AccessRules.Partition(context).ArnPrefix}:iam::<12-digit account>:role/<name>");
            return;
        }

        if (role.ExistingArn!.Length > SpecLimits.ArnMaxLength)
        {
            context.Error(
                arnPath,
                $"existingArn {TextLimit.Clip(role.ExistingArn)} is {role.ExistingArn.Length} characters long; IAM ARNs have at most {SpecLimits.ArnMaxLength}");
            return;
        }

        if (!RoleArn().IsMatch(role.ExistingArn!))
        {
            context.Error(
                arnPath,
                $"{role.ExistingArn} is not an IAM role ARN; expected {AccessRules.Partition(context).ArnPrefix}:iam::<12-digit account>:role/<name>");
        }
        else if (AccessRules.OtherPartition(context, role.ExistingArn!) is { } message)
        {
            context.Error(arnPath, message);
        }

        if (!string.IsNullOrWhiteSpace(role.Name))
        {
            context.Warning(
                namePath,
                $"the name {role.Name} is ignored: with existingArn the role is the one the ARN names");
        }
    }

    private static void CheckName(ValidationContext context, string name, string namePath)
    {
        if (name.Length == 0)
        {
            context.Error(namePath, "a role name is required when Kund creates the role");
            return;
        }

        if (name.Length > MaxNameLength)
        {
            context.Error(namePath, $"the role name {TextLimit.Clip(name)} is {name.Length} characters long; IAM allows 1 to {MaxNameLength}");
        }

        if (!RoleNameCharacters().IsMatch(name))
        {
            context.Error(namePath, $"the role name {name} may contain only letters, digits and + = , . @ _ -");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9+=,.@_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleNameCharacters();

    // An optional path (role/service-role/name) is allowed, as IAM allows it.
    [GeneratedRegex("^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex RoleArn();
}
