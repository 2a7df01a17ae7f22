using System.Net;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Elbv2;

/// <summary>An ELBv2 error (<c>LoadBalancerNotFound</c>, <c>ValidationError</c>, throttling) with the service's own message.</summary>
public sealed class Elbv2ServiceException : AwsServiceException
{
    public Elbv2ServiceException(string message, string errorCode, string? requestId, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, errorCode, requestId, statusCode, innerException)
    {
    }

    public Elbv2ServiceException()
        : this("ELBv2 call failed.", "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public Elbv2ServiceException(string message)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public Elbv2ServiceException(string message, Exception innerException)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError, innerException)
    {
    }
}
