using System.Globalization;

namespace Kund.Infrastructure.Notifications;

/// <summary>
/// When an environment is reminded of its expiry: 24 hours and 1 hour before (divided by the sandbox's time
/// scale, as every other duration there). A pass that finds several due sends only the nearest: one reminder
/// "expires in 50 minutes" says what the earlier one would have.
/// </summary>
public static class ExpiryReminders
{
    public static IReadOnlyList<(string Name, TimeSpan Before)> Leads { get; } = [("24h", TimeSpan.FromHours(24)), ("1h", TimeSpan.FromHours(1))];

    /// <summary>The leads due at <paramref name="now"/> for an expiry at <paramref name="expiresAt"/>, farthest first; empty once it has passed.</summary>
    public static IReadOnlyList<string> Due(DateTimeOffset expiresAt, DateTimeOffset now, double timeScale) =>
        now >= expiresAt
            ? []
            : [.. Leads.Where(l => expiresAt - now <= Scaled(l.Before, timeScale)).Select(l => l.Name)];

    /// <summary>The farthest lead of all, scaled: environments expiring later need no look yet.</summary>
    public static TimeSpan Horizon(double timeScale) => Scaled(Leads[0].Before, timeScale);

    /// <summary>The reminder's line: how long is left and when it ends.</summary>
    public static string Message(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var left = expiresAt - now;
        var inWords = left.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours} h {left.Minutes} min")
            : left.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalMinutes} min") : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)left.TotalSeconds)} s");
        var at = expiresAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"Expires in {inWords} (at {at}) and will then be destroyed; extend it to keep it";
    }

    private static TimeSpan Scaled(TimeSpan before, double timeScale) => TimeSpan.FromTicks((long)(before.Ticks / Math.Max(timeScale, 1e-6)));
}
