using System.Globalization;

namespace Kund.Infrastructure.ClusterOffers;

/// <summary>
/// Orders add-on versions such as <c>v1.12.4-eksbuild.1</c> by their numbers, then their build: as text,
/// <c>v1.9.0</c> would sort above <c>v1.12.0</c>.
/// </summary>
public sealed class AddonVersionOrder : IComparer<string>
{
    public static AddonVersionOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (left, right) = (Numbers(x), Numbers(y));
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var order = (i < left.Count ? left[i] : -1).CompareTo(i < right.Count ? right[i] : -1);
            if (order != 0)
            {
                return order;
            }
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>Every run of digits in order: v1.12.4-eksbuild.1 → 1, 12, 4, 1.</summary>
    private static List<long> Numbers(string? version)
    {
        var numbers = new List<long>();
        var text = version ?? "";
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            numbers.Add(long.TryParse(text.AsSpan(start, Math.Min(i - start, 18)), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue);
        }

        return numbers;
    }
}
