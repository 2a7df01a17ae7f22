using System.Globalization;

namespace Kund.Bench.Support;

/// <summary>Order statistics: medians and percentiles (nearest rank) of what was measured.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static string F(double value, int decimals = 2) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string List(IEnumerable<double> values, int decimals = 2) => string.Join(", ", values.Select(v => F(v, decimals)));
}
