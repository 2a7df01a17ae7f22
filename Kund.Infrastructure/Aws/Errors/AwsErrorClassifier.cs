using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Errors;

/// <summary>
/// Turns what the AWS clients throw into the executor's <see cref="CloudOperationException"/>:
/// throttling → <see cref="CloudErrorKind.Throttled"/>; 5xx and dropped connections →
/// <see cref="CloudErrorKind.Transient"/>; a role EKS cannot assume yet →
/// <see cref="CloudErrorKind.NotYetConsistent"/> for <see cref="RoleAssumeWindow"/>; anything else →
/// <see cref="CloudErrorKind.Permanent"/> with AWS's code and message.
/// </summary>
public static class AwsErrorClassifier
{
    /// <summary>How long tools keep retrying a role EKS cannot assume yet (docs/aws-behaviour.md, IAM propagation).</summary>
    public static readonly TimeSpan RoleAssumeWindow = TimeSpan.FromMinutes(2);

    public static CloudOperationException Classify(Exception exception)
    {
        switch (exception)
        {
            case CloudOperationException cloud:
                return cloud;
            case AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) || service.StatusCode != 0:
                return FromService(service);
            case AmazonServiceException or AmazonClientException when HasNetworkCause(exception):
                return new CloudOperationException(CloudErrorKind.Transient, exception.GetType().Name, exception.Message, exception);
            case HttpRequestException or TimeoutException or TaskCanceledException or IOException or SocketException:
                return new CloudOperationException(CloudErrorKind.Transient, exception.GetType().Name, exception.Message, exception);
            default:
                return new CloudOperationException(CloudErrorKind.Permanent, exception.GetType().Name, exception.Message, exception);
        }
    }

    /// <summary>True for what comes from the cloud or the wire; false for bugs, which should surface as they are.</summary>
    public static bool IsCloudError(Exception exception, CancellationToken cancellationToken) =>
        exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => false,
            CloudOperationException or AmazonServiceException or AmazonClientException => true,
            HttpRequestException or TimeoutException or TaskCanceledException or IOException or SocketException => true,
            _ => false,
        };

    public static bool IsRoleNotYetAssumable(string? errorCode, string? message) =>
        errorCode == "InvalidParameterException"
        && message is not null
        && (message.Contains("Error in role params", StringComparison.OrdinalIgnoreCase)
            || (message.Contains("role", StringComparison.OrdinalIgnoreCase)
                && (message.Contains("could not be assumed", StringComparison.OrdinalIgnoreCase)
                    || message.Contains("cannot be assumed", StringComparison.OrdinalIgnoreCase)
                    || message.Contains("can not be assumed", StringComparison.OrdinalIgnoreCase)
                    || message.Contains("unable to assume", StringComparison.OrdinalIgnoreCase))));

    private static CloudOperationException FromService(AmazonServiceException service)
    {
        var code = string.IsNullOrEmpty(service.ErrorCode) ? $"Http{(int)service.StatusCode}" : service.ErrorCode;
        if (AwsRetryPolicy.IsThrottling(code) || service.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new CloudOperationException(CloudErrorKind.Throttled, code, service.Message, service);
        }

        if ((int)service.StatusCode >= 500 || code is "ServiceUnavailable" or "ServiceUnavailableException" or "InternalError" or "InternalFailure" or "ServerException")
        {
            return new CloudOperationException(CloudErrorKind.Transient, code, service.Message, service);
        }

        if (IsRoleNotYetAssumable(code, service.Message))
        {
            return new CloudOperationException(CloudErrorKind.NotYetConsistent, code, service.Message, service, RoleAssumeWindow);
        }

        return new CloudOperationException(CloudErrorKind.Permanent, code, service.Message, service);
    }

    private static bool HasNetworkCause(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or TimeoutException or IOException or SocketException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
