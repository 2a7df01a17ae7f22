using System.Globalization;
using System.Net;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// AWS refuses a request whose SigV4 time (<c>X-Amz-Date</c>) is more than 15 minutes from its own clock, and
/// every answer carries its clock in <c>Date</c>. The sandbox checks only while it simulates a skewed caller
/// (<see cref="SandboxCloud.CallerClockSkew"/>): its own clock may be a test's fake one.
/// </summary>
internal static class SandboxClock
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(15);

    /// <summary>The refusal AWS gives a request signed at <paramref name="signedAt"/> when its clock reads <paramref name="now"/>; null when within the tolerance.</summary>
    public static SandboxException? Refusal(string service, DateTimeOffset signedAt, DateTimeOffset now)
    {
        if ((signedAt - now).Duration() <= Tolerance)
        {
            return null;
        }

        if (service == "ec2")
        {
            return new SandboxException("RequestExpired", "Request has expired.", HttpStatusCode.BadRequest);
        }

        var message = signedAt < now
            ? $"Signature expired: {Stamp(signedAt)} is now earlier than {Stamp(now - Tolerance)} ({Stamp(now)} - 15 min.)"
            : $"Signature not yet current: {Stamp(signedAt)} is still later than {Stamp(now + Tolerance)} ({Stamp(now)} + 15 min.)";
        return new SandboxException(service is "eks" or "tagging" ? "InvalidSignatureException" : "SignatureDoesNotMatch", message, HttpStatusCode.Forbidden);
    }

    public static DateTimeOffset? ParseAmzDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
