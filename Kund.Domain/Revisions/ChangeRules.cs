using System.Globalization;
using Kund.Domain.Network;
using Kund.Domain.Specs;

namespace Kund.Domain.Revisions;

/// <summary>
/// What a change may not do to an environment that exists, beyond what any spec must be (the validator's
/// rules, single-zone clusters included): keep its name, team and region, grow the VPC's range but never
/// shrink it, and move Kubernetes one minor version up at a time (docs/aws-behaviour.md, "Version skew").
/// </summary>
public static class ChangeRules
{
    public static ValidationResult Check(EnvironmentSpec applied, EnvironmentSpec proposed, ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(applied.Name, proposed.Name, StringComparison.Ordinal))
        {
            result = result.WithError("name", $"An environment keeps its name: this one is {applied.Name}, not {proposed.Name}. Clone it for a new one.");
        }

        if (!string.Equals(applied.Team, proposed.Team, StringComparison.Ordinal))
        {
            result = result.WithError("team", $"An environment stays with its team: this one belongs to {applied.Team}, not {proposed.Team}.");
        }

        if (!string.Equals(applied.Region, proposed.Region, StringComparison.Ordinal))
        {
            result = result.WithError("region", $"An environment stays in its region: this one is in {applied.Region}, not {proposed.Region}. Clone it for another region.");
        }

        if (CidrBlock.TryParse(applied.Vpc.Cidr, out var before) && CidrBlock.TryParse(proposed.Vpc.Cidr, out var after) && after.AddressCount < before.AddressCount)
        {
            result = result.WithError("vpc.cidr", $"The VPC's range can grow but not shrink: {proposed.Vpc.Cidr} is smaller than {applied.Vpc.Cidr}, and the subnets that exist live in it.");
        }

        if (applied.Cluster is { } was && proposed.Cluster is { } wanted
            && Minor(was.KubernetesVersion) is { } from && Minor(wanted.KubernetesVersion) is { } to
            && from.Major == to.Major)
        {
            if (to.Minor > from.Minor + 1)
            {
                result = result.WithError("cluster.kubernetesVersion",
                    $"Kubernetes moves one minor version at a time: {was.KubernetesVersion} → {wanted.KubernetesVersion} skips {from.Major}.{from.Minor + 1}; change to {from.Major}.{from.Minor + 1} first.");
            }
            else if (to.Minor < from.Minor)
            {
                result = result.WithError("cluster.kubernetesVersion",
                    $"EKS cannot downgrade a cluster: it runs {was.KubernetesVersion}, so {wanted.KubernetesVersion} would be a new cluster.");
            }
        }

        return result;
    }

    private static (int Major, int Minor)? Minor(string? version)
    {
        var parts = (version ?? "").Split('.');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}
