using System.Net;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// A fault injected into one operation: a share of calls that fail with <paramref name="Code"/> and
/// <paramref name="Status"/>, and latency added to every call (waited on the cloud's <see cref="TimeProvider"/>).
/// With <paramref name="EndState"/> the calls succeed instead, and what they make or delete ends in that state
/// (an EKS cluster <c>FAILED</c>, a node group <c>CREATE_FAILED</c>, <c>DEGRADED</c> or <c>DELETE_FAILED</c>, an
/// add-on <c>CREATE_FAILED</c> or <c>DEGRADED</c>) with <paramref name="Code"/> and the message as its health issue.
/// </summary>
public sealed record OperationFault(
    double ErrorRate = 0,
    string Code = "InternalError",
    HttpStatusCode Status = HttpStatusCode.InternalServerError,
    string? Message = null,
    TimeSpan Latency = default,
    string? EndState = null)
{
    public string EffectiveMessage => Message ?? $"Injected fault: {Code}.";
}
