using Kund.Domain.Specs;

namespace Kund.Domain.Network;

/// <summary>How Kund cuts a VPC range into subnets when the user does not say.</summary>
public static class NetworkLayout
{
    /// <summary>The smallest subnet AWS allows.</summary>
    public const int SmallestSubnetPrefixLength = 28;

    /// <summary>The largest subnet (and VPC) AWS allows.</summary>
    public const int LargestSubnetPrefixLength = 16;

    /// <summary>Subnets in the default layout: public and private in each of two zones.</summary>
    public const int DefaultSubnetCount = 4;

    /// <summary>A block AWS and Kund accept as a VPC: /16 to /28, inside RFC 1918.</summary>
    public static bool IsValidVpcBlock(CidrBlock vpc) =>
        vpc.PrefixLength is >= LargestSubnetPrefixLength and <= SmallestSubnetPrefixLength && vpc.IsPrivate;

    /// <summary>The prefix of each default subnet: the VPC's plus four (a /20 for a /16), at most /28.</summary>
    public static int DefaultSubnetPrefixLength(CidrBlock vpc) =>
        Math.Min(vpc.PrefixLength + 4, SmallestSubnetPrefixLength);

    /// <summary>True when four default subnets fit in <paramref name="vpc"/> (a /26 or larger).</summary>
    public static bool DefaultLayoutFits(CidrBlock vpc) =>
        vpc.PrefixLength <= DefaultSubnetPrefixLength(vpc)
        && vpc.CountSubBlocks(DefaultSubnetPrefixLength(vpc)) >= DefaultSubnetCount;

    /// <summary>
    /// The default layout of api.md: the first two zones, four equal subnets cut from the start of the VPC
    /// range in the order public-a, public-b, private-a, private-b. Names take the zone's letter
    /// (<c>public-c</c> for <c>…2c</c>). Null when it cannot be made: fewer than two zones, or a VPC smaller
    /// than a /26 (four /28s do not fit).
    /// </summary>
    public static IReadOnlyList<SubnetSpec>? Default(CidrBlock vpc, IReadOnlyList<string> availabilityZones)
    {
        if (availabilityZones.Count < 2 || !DefaultLayoutFits(vpc))
        {
            return null;
        }

        var prefix = DefaultSubnetPrefixLength(vpc);
        string[] zones = [availabilityZones[0], availabilityZones[1]];
        var subnets = new List<SubnetSpec>(DefaultSubnetCount);
        foreach (var tier in (ReadOnlySpan<SubnetTier>)[SubnetTier.Public, SubnetTier.Private])
        {
            foreach (var zone in zones)
            {
                subnets.Add(new SubnetSpec
                {
                    Name = $"{TierName(tier)}-{ZoneSuffix(zone)}",
                    Cidr = vpc.SubBlock(prefix, subnets.Count).ToString(),
                    AvailabilityZone = zone,
                    Tier = tier,
                });
            }
        }

        return subnets;
    }

    /// <summary>The letter that ends a zone name: "a" for "ap-northeast-2a".</summary>
    public static string ZoneSuffix(string availabilityZone) =>
        string.IsNullOrEmpty(availabilityZone) ? "" : availabilityZone[^1..];

    /// <summary>
    /// The first block of <paramref name="prefixLength"/> inside <paramref name="vpc"/>, in address order, that
    /// overlaps none of <paramref name="existing"/>; null when none fits (or the block would be larger than
    /// the VPC). Lets the wizard propose the CIDR of a subnet the user adds.
    /// </summary>
    public static CidrBlock? NextFreeBlock(CidrBlock vpc, IEnumerable<CidrBlock> existing, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        if (prefixLength < vpc.PrefixLength)
        {
            return null;
        }

        var taken = existing.Where(vpc.Overlaps).OrderBy(block => block.NetworkAddress).ToList();
        var size = 1L << (32 - prefixLength);
        long candidate = vpc.NetworkAddress;
        var end = (long)vpc.LastAddress;
        while (candidate + size - 1 <= end)
        {
            var block = CidrBlock.Create((uint)candidate, prefixLength);
            var clashes = taken.FindAll(block.Overlaps);
            if (clashes.Count == 0)
            {
                return block;
            }

            // Jump past the furthest clashing block, up to the next boundary of the wanted size.
            var afterClashes = clashes.Max(clash => (long)clash.LastAddress) + 1;
            candidate = Math.Max(candidate + size, (afterClashes + size - 1) / size * size);
        }

        return null;
    }

    private static string TierName(SubnetTier tier) => tier switch
    {
        SubnetTier.Public => "public",
        SubnetTier.Private => "private",
    };
}
