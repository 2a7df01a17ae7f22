using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>An IPv4 CIDR block as the sandbox needs it: containment and overlap.</summary>
public readonly record struct Cidr(uint Network, int PrefixLength)
{
    public long Size => 1L << (32 - PrefixLength);

    public uint Last => (uint)(Network + Size - 1);

    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        cidr = new Cidr(value & mask, prefix);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not an IPv4 CIDR block.");

    public bool Contains(Cidr other) => other.PrefixLength >= PrefixLength && other.Network >= Network && other.Last <= Last;

    public bool Overlaps(Cidr other) => Network <= other.Last && other.Network <= Last;

    /// <summary>The address <paramref name="offset"/> places into the block, as text.</summary>
    public string AddressAt(long offset)
    {
        var value = (uint)(Network + offset);
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
    }

    public override string ToString() => $"{AddressAt(0)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
