using System.Net;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// An error the sandbox answers with, in AWS's own terms: the error code of the service
/// (<c>InvalidSubnet.Range</c>, <c>NoSuchEntity</c>, <c>ResourceInUseException</c>), its message and HTTP status.
/// </summary>
public sealed class SandboxException : Exception
{
    public SandboxException(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        : base(message)
    {
        Code = code;
        Status = status;
    }

    public SandboxException()
        : this("InternalError", "An internal error has occurred.", HttpStatusCode.InternalServerError)
    {
    }

    public SandboxException(string message)
        : this("InternalError", message, HttpStatusCode.InternalServerError)
    {
    }

    public SandboxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
        Status = HttpStatusCode.InternalServerError;
    }

    public string Code { get; }

    public HttpStatusCode Status { get; }
}
