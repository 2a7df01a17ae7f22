using System.Net;
using Amazon.Runtime;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// An error answered by an AWS service reached through Kund's own typed clients. It is an
/// <see cref="AmazonServiceException"/> like the official packages' exceptions, so callers (and the
/// error classifier) treat EC2, IAM and EKS alike.
/// </summary>
public abstract class AwsServiceException : AmazonServiceException
{
    protected AwsServiceException(string message, string errorCode, string? requestId, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, innerException, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId ?? "", statusCode)
    {
    }
}
