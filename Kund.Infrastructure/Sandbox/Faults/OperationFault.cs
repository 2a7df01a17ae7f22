using System.Net;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// A fault injected into one operation: a share of calls that fail with <paramref name="Code"/> and
/// <paramref name="Status"/>, and latency added to every call (waited on the cloud's <see cref="TimeProvider"/>).
/// </summary>
public sealed record OperationFault(
    double ErrorRate = 0,
    string Code = "InternalError",
    HttpStatusCode Status = HttpStatusCode.InternalServerError,
    string? Message = null,
    TimeSpan Latency = default)
{
    public string EffectiveMessage => Message ?? $"Injected fault: {Code}.";
}
