using System.Net;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Aws.Tagging;

/// <summary>A Resource Groups Tagging error (<c>InvalidParameterException</c>, <c>ThrottledException</c>, …) with the service's own message.</summary>
public sealed class TaggingServiceException : AwsServiceException
{
    public TaggingServiceException(string message, string errorCode, string? requestId, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, errorCode, requestId, statusCode, innerException)
    {
    }

    public TaggingServiceException()
        : this("Tagging call failed.", "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public TaggingServiceException(string message)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError)
    {
    }

    public TaggingServiceException(string message, Exception innerException)
        : this(message, "Unknown", null, HttpStatusCode.InternalServerError, innerException)
    {
    }
}
