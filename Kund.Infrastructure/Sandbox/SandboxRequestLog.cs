using System.Collections.Concurrent;
using Kund.Infrastructure.Sandbox.Protocol;

namespace Kund.Infrastructure.Sandbox;

/// <summary>One request as it reached the sandbox: what a client put on the wire, minus the signature.</summary>
/// <param name="Operation">The operation it names, or null when the service has none by that name.</param>
public sealed record SandboxRecordedRequest(
    string Service, string? Operation, string Method, string Path, string Query, string Body, string? ContentType, string? Target);

/// <summary>
/// The requests that reached the sandbox while recording is on (off by default, so a long run keeps
/// nothing): what a conformance test compares between two clients sending the same call.
/// </summary>
public sealed class SandboxRequestLog
{
    private readonly ConcurrentQueue<SandboxRecordedRequest> _requests = new();
    private volatile bool _recording;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>What was recorded so far, in arrival order; the log is emptied.</summary>
    public IReadOnlyList<SandboxRecordedRequest> Take()
    {
        var taken = new List<SandboxRecordedRequest>();
        while (_requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }

        return taken;
    }

    internal void Record(SandboxRequest request, string? operation, string? contentType)
    {
        if (_recording)
        {
            _requests.Enqueue(new SandboxRecordedRequest(
                request.Service, operation, request.Method.Method, request.Path, request.Query?.TrimStart('?') ?? string.Empty, request.Body, contentType, request.Target));
        }
    }
}
