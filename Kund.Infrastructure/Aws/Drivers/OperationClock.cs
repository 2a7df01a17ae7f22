using System.Globalization;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// Records when a slow operation was started (attribute <c>requestedAt</c>), so a waiter — even one
/// resumed after a restart — plans its polls from the real start rather than from when it began waiting.
/// </summary>
internal static class OperationClock
{
    public const string RequestedAt = "requestedAt";

    public static string Stamp(TimeProvider timeProvider) => timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The cloud's own creation time (UTC) as a stamp, for a resource adopted rather than created here.</summary>
    public static string? Stamp(DateTime? cloudCreatedAt) =>
        cloudCreatedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset? StartedAt(CloudResource resource) =>
        resource.Attribute(RequestedAt) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;
}
