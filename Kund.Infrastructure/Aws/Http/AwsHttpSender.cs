using System.Net;
using Amazon.Runtime;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>One AWS answer: status, body and the request id the service gave it.</summary>
internal sealed record AwsResponse(HttpStatusCode StatusCode, string Body, string? RequestId, string? ErrorTypeHeader, DateTimeOffset? ServerDate = null);

/// <summary>
/// Sends signed requests for one service and retries throttling, 5xx and dropped connections the way
/// the SDK's standard mode does. Each attempt is signed afresh (the signature carries the time).
/// </summary>
internal sealed class AwsHttpSender(
    HttpClient httpClient,
    AWSCredentials credentials,
    string signingRegion,
    string service,
    AwsOptions options,
    TimeProvider timeProvider,
    Func<AwsResponse, AwsServiceException> parseError)
{
    private readonly Random _jitter = new();
    private readonly AwsClockCorrection _clock = new(timeProvider);

    public async Task<AwsResponse> SendAsync(Func<HttpRequestMessage> buildRequest, byte[] body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await SendOnceAsync(buildRequest, body, cancellationToken);
                if ((int)response.StatusCode < 300)
                {
                    return response;
                }

                var error = parseError(response);
                if (attempt < options.MaxAttempts && _clock.Correct(error.ErrorCode, response.ServerDate))
                {
                    // Signed with a skewed clock: signed again at once with the corrected one.
                    continue;
                }

                if (attempt >= options.MaxAttempts || !AwsRetryPolicy.IsRetryable(error.ErrorCode, error.StatusCode))
                {
                    throw error;
                }
            }
            catch (HttpRequestException) when (attempt < options.MaxAttempts)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < options.MaxAttempts)
            {
                // HttpClient's timeout, not the caller's cancellation.
            }

            await Task.Delay(AwsRetryPolicy.Backoff(attempt - 1, options.EffectiveTimeScale, _jitter), timeProvider, cancellationToken);
        }
    }

    private async Task<AwsResponse> SendOnceAsync(Func<HttpRequestMessage> buildRequest, byte[] body, CancellationToken cancellationToken)
    {
        using var request = buildRequest();
        var immutable = await credentials.GetCredentialsAsync();
        SigV4Signer.Sign(request, body, immutable, signingRegion, service, _clock.Now);

        using var response = await httpClient.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new AwsResponse(
            response.StatusCode,
            text,
            Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"),
            Header(response, "x-amzn-ErrorType"),
            response.Headers.Date);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
