using System.Net;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Iam;

/// <summary>An IAM error (<c>EntityAlreadyExists</c>, <c>NoSuchEntity</c>, <c>DeleteConflict</c>, …) with IAM's own message.</summary>
public sealed class IamServiceException : AwsServiceException
{
    public IamServiceException(string message, string errorCode, string? requestId, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, errorCode, requestId, statusCode, innerException)
    {
    }

    public IamServiceException()
        : this("IAM call failed.", "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public IamServiceException(string message)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public IamServiceException(string message, Exception innerException)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError, innerException)
    {
    }
}
