namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// What the official SDKs do about a skewed local clock: when a service refuses a request for its signing
/// time (<c>RequestTimeTooSkewed</c>, <c>RequestExpired</c>, <c>SignatureDoesNotMatch</c>,
/// <c>InvalidSignatureException</c>…) and its <c>Date</c> header is more than five minutes from the local
/// clock, the offset is kept and every later request is signed with the corrected time.
/// </summary>
internal sealed class AwsClockCorrection(TimeProvider time)
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> SkewCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
    };

    private long _offsetTicks;

    /// <summary>The local clock, corrected by what the service last said its clock read.</summary>
    public DateTimeOffset Now => time.GetUtcNow() + Offset;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>
    /// Takes the service's clock from a refusal for skew; true when the correction changed, so that the
    /// request is worth signing again. A signature that is wrong for another reason (the clocks agree) is not.
    /// </summary>
    public bool Correct(string errorCode, DateTimeOffset? serverDate)
    {
        if (!SkewCodes.Contains(errorCode) || serverDate is not { } server || (server - Now).Duration() <= Threshold)
        {
            return false;
        }

        Interlocked.Exchange(ref _offsetTicks, (server - time.GetUtcNow()).Ticks);
        return true;
    }
}
