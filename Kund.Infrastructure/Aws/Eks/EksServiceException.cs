using System.Net;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>An EKS error (<c>ResourceNotFoundException</c>, <c>InvalidParameterException</c>, …) with EKS's own message.</summary>
public sealed class EksServiceException : AwsServiceException
{
    public EksServiceException(string message, string errorCode, string? requestId, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, errorCode, requestId, statusCode, innerException)
    {
    }

    public EksServiceException()
        : this("EKS call failed.", "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public EksServiceException(string message)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public EksServiceException(string message, Exception innerException)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError, innerException)
    {
    }
}
