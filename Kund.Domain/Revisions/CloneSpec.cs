using Kund.Domain.Network;
using Kund.Domain.Specs;

namespace Kund.Domain.Revisions;

/// <summary>
/// A new environment's spec from an existing one: another name, and the same layout moved to the first
/// range of the same size in the source's private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)
/// that no live environment of the team uses. Names derived from the environment's (cluster, cluster
/// role) are left for the defaults to derive again.
/// </summary>
public static class CloneSpec
{
    public static EnvironmentSpec Of(EnvironmentSpec source, IEnumerable<string> namesTaken, IEnumerable<string> cidrsTaken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var names = namesTaken.ToHashSet(StringComparer.Ordinal);
        var name = Enumerable.Range(1, 99).Select(n => Truncate(source.Name, n == 1 ? "-copy" : $"-copy{n}")).First(candidate => !names.Contains(candidate));
        var spec = source with
        {
            Name = name,
            ExpiresAt = null,
            ClusterRole = source.ClusterRole is { Create: true } role ? role with { Name = null } : source.ClusterRole,
            Cluster = source.Cluster is { } cluster ? cluster with { Name = null } : null,
        };

        if (!CidrBlock.TryParse(source.Vpc.Cidr, out var vpc))
        {
            return spec;
        }

        var taken = cidrsTaken.Select(c => CidrBlock.TryParse(c, out var b) ? b : (CidrBlock?)null).OfType<CidrBlock>().Append(vpc).ToList();
        var range = CidrBlock.PrivateAddressRanges.FirstOrDefault(r => r.Contains(vpc));
        if (range == default || NetworkLayout.NextFreeBlock(range, taken, vpc.PrefixLength) is not { } moved)
        {
            return spec;
        }

        var shift = (long)moved.NetworkAddress - vpc.NetworkAddress;
        return spec with
        {
            Vpc = spec.Vpc with { Cidr = moved.ToString() },
            Subnets = spec.Subnets?.Select(s => CidrBlock.TryParse(s.Cidr, out var block)
                ? s with { Cidr = CidrBlock.Create((uint)(block.NetworkAddress + shift), block.PrefixLength).ToString() }
                : s).ToList(),
        };
    }

    private static string Truncate(string name, string suffix) =>
        (name.Length + suffix.Length > SpecLimits.NameMaxLength ? name[..(SpecLimits.NameMaxLength - suffix.Length)] : name) + suffix;
}
