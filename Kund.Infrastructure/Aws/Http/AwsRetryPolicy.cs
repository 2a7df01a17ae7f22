using System.Net;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// The SDK's standard retry mode, for Kund's own clients: throttling codes and 5xx (and dropped
/// connections) are retried with capped exponential backoff and full jitter; a 4xx never is.
/// </summary>
internal static class AwsRetryPolicy
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    /// <summary>Error codes AWS answers when a caller goes too fast (EC2, IAM, EKS and the SDK's own list).</summary>
    public static IReadOnlySet<string> ThrottlingCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    public static bool IsThrottling(string? errorCode) => errorCode is not null && ThrottlingCodes.Contains(errorCode);

    public static bool IsRetryable(string? errorCode, HttpStatusCode statusCode) =>
        IsThrottling(errorCode) || (int)statusCode >= 500 || statusCode == HttpStatusCode.TooManyRequests;

    /// <summary>Full jitter: a uniform pick in [0, min(1 s · 2^retry, 20 s)], divided by the time scale.</summary>
    public static TimeSpan Backoff(int retry, double timeScale, Random random)
    {
        var ceiling = Math.Min(Math.Pow(2, retry), MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(random.NextDouble() * ceiling / Math.Max(timeScale, 1));
    }
}
