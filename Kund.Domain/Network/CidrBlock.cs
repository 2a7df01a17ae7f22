using System.Globalization;

namespace Kund.Domain.Network;

/// <summary>
/// An IPv4 CIDR block such as <c>10.3.0.0/16</c>. Always normalised: the address is the block's network
/// address, so <c>10.3.1.0/16</c> does not parse (AWS rejects it too, and a user who typed it most likely
/// meant a different block than the one AWS would silently round it to).
/// </summary>
public readonly struct CidrBlock : IEquatable<CidrBlock>, IComparable<CidrBlock>
{
    /// <summary>How many addresses AWS reserves in every subnet: the first four and the last one.</summary>
    public const int AwsReservedAddressCount = 5;

    private static readonly CidrBlock[] PrivateRanges =
    [
        new(0x0A000000u, 8),   // 10.0.0.0/8
        new(0xAC100000u, 12),  // 172.16.0.0/12
        new(0xC0A80000u, 16),  // 192.168.0.0/16
    ];

    private CidrBlock(uint networkAddress, int prefixLength)
    {
        NetworkAddress = networkAddress;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address of the block as a 32-bit number (most significant octet first).</summary>
    public uint NetworkAddress { get; }

    /// <summary>The number of leading bits fixed by the block, 0 to 32.</summary>
    public int PrefixLength { get; }

    /// <summary>The last address of the block as a 32-bit number.</summary>
    public uint LastAddress => NetworkAddress | ~Mask(PrefixLength);

    /// <summary>All addresses in the block: 2^(32 − prefix). A /20 has 4,096.</summary>
    public long AddressCount => 1L << (32 - PrefixLength);

    /// <summary>Addresses left once AWS has reserved five in a subnet: a /20 has 4,091.</summary>
    public long UsableAddressCount => Math.Max(0, AddressCount - AwsReservedAddressCount);

    /// <summary>True when the block lies inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918).</summary>
    public bool IsPrivate
    {
        get
        {
            var self = this;
            return PrivateRanges.Any(range => range.Contains(self));
        }
    }

    /// <summary>The RFC 1918 ranges, for messages that list them.</summary>
    public static IReadOnlyList<CidrBlock> PrivateAddressRanges => PrivateRanges;

    /// <summary>Creates a block; throws when <paramref name="networkAddress"/> has bits set beyond the prefix.</summary>
    public static CidrBlock Create(uint networkAddress, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        if ((networkAddress & ~Mask(prefixLength)) != 0)
        {
            throw new ArgumentException(
                $"{FormatAddress(networkAddress)}/{prefixLength} is not a network address; the block would start at {FormatAddress(networkAddress & Mask(prefixLength))}",
                nameof(networkAddress));
        }

        return new CidrBlock(networkAddress, prefixLength);
    }

    /// <summary>Parses <c>a.b.c.d/n</c>; false for anything else, including a non-network address.</summary>
    public static bool TryParse(string? text, out CidrBlock block) => TryParse(text, out block, out _);

    /// <summary>
    /// Parses <c>a.b.c.d/n</c>. When it fails, <paramref name="error"/> says why in words a user can act on,
    /// e.g. "10.3.1.0/16 is not the network address of its block; did you mean 10.3.0.0/16?".
    /// </summary>
    public static bool TryParse(string? text, out CidrBlock block, out string? error)
    {
        block = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a CIDR block is required, e.g. 10.0.0.0/16";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a CIDR block: it needs a prefix length, e.g. {text}/16";
            return false;
        }

        if (!TryParseAddress(text.AsSpan(0, slash), out var address))
        {
            error = $"'{text}' is not a CIDR block: '{text[..slash]}' is not an IPv4 address";
            return false;
        }

        var prefixText = text.AsSpan(slash + 1);
        if (!IsDigits(prefixText, maxLength: 2)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            error = $"'{text}' is not a CIDR block: the prefix length must be a number from 0 to 32";
            return false;
        }

        var network = address & Mask(prefix);
        if (network != address)
        {
            error = $"{text} is not the network address of its block; did you mean {FormatAddress(network)}/{prefix}?";
            return false;
        }

        block = new CidrBlock(network, prefix);
        error = null;
        return true;
    }

    /// <summary>Parses <c>a.b.c.d/n</c> or throws a <see cref="FormatException"/> saying why.</summary>
    public static CidrBlock Parse(string text) =>
        TryParse(text, out var block, out var error) ? block : throw new FormatException(error);

    /// <summary>True when every address of <paramref name="other"/> lies in this block.</summary>
    public bool Contains(CidrBlock other) =>
        other.PrefixLength >= PrefixLength && (other.NetworkAddress & Mask(PrefixLength)) == NetworkAddress;

    /// <summary>True when the two blocks share at least one address (for CIDR blocks: one contains the other).</summary>
    public bool Overlaps(CidrBlock other) => Contains(other) || other.Contains(this);

    /// <summary>How many blocks of <paramref name="newPrefixLength"/> this block splits into.</summary>
    public long CountSubBlocks(int newPrefixLength)
    {
        CheckSubPrefix(newPrefixLength);
        return 1L << (newPrefixLength - PrefixLength);
    }

    /// <summary>The <paramref name="index"/>-th (from 0) block of <paramref name="newPrefixLength"/> inside this one.</summary>
    public CidrBlock SubBlock(int newPrefixLength, long index)
    {
        var count = CountSubBlocks(newPrefixLength);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var size = 1L << (32 - newPrefixLength);
        return new CidrBlock((uint)(NetworkAddress + (index * size)), newPrefixLength);
    }

    /// <summary>All blocks of <paramref name="newPrefixLength"/> inside this one, in address order (lazily).</summary>
    public IEnumerable<CidrBlock> Split(int newPrefixLength)
    {
        var count = CountSubBlocks(newPrefixLength);
        return SplitIterator(this, newPrefixLength, count);

        static IEnumerable<CidrBlock> SplitIterator(CidrBlock parent, int prefix, long count)
        {
            for (long i = 0; i < count; i++)
            {
                yield return parent.SubBlock(prefix, i);
            }
        }
    }

    public override string ToString() => $"{FormatAddress(NetworkAddress)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    public bool Equals(CidrBlock other) => NetworkAddress == other.NetworkAddress && PrefixLength == other.PrefixLength;

    public override bool Equals(object? obj) => obj is CidrBlock other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(NetworkAddress, PrefixLength);

    /// <summary>Address order, then larger blocks first.</summary>
    public int CompareTo(CidrBlock other)
    {
        var byAddress = NetworkAddress.CompareTo(other.NetworkAddress);
        return byAddress != 0 ? byAddress : PrefixLength.CompareTo(other.PrefixLength);
    }

    public static bool operator ==(CidrBlock left, CidrBlock right) => left.Equals(right);

    public static bool operator !=(CidrBlock left, CidrBlock right) => !left.Equals(right);

    public static bool operator <(CidrBlock left, CidrBlock right) => left.CompareTo(right) < 0;

    public static bool operator <=(CidrBlock left, CidrBlock right) => left.CompareTo(right) <= 0;

    public static bool operator >(CidrBlock left, CidrBlock right) => left.CompareTo(right) > 0;

    public static bool operator >=(CidrBlock left, CidrBlock right) => left.CompareTo(right) >= 0;

    internal static string FormatAddress(uint address) => string.Create(
        CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    private void CheckSubPrefix(int newPrefixLength)
    {
        if (newPrefixLength < PrefixLength || newPrefixLength > 32)
        {
            throw new ArgumentOutOfRangeException(
                nameof(newPrefixLength),
                newPrefixLength,
                $"{this} splits only into blocks of prefix {PrefixLength} to 32");
        }
    }

    // Strict dotted decimal: four octets 0-255, digits only, no leading zeros (which some parsers read as octal).
    private static bool TryParseAddress(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (octets == 4 || !IsDigits(part, maxLength: 3) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            address = (address << 8) | (uint)value;
            octets++;
        }

        return octets == 4;
    }

    private static bool IsDigits(ReadOnlySpan<char> text, int maxLength)
    {
        if (text.IsEmpty || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
