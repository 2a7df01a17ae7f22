namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>A request as the sandbox sees it after the signature scope was read.</summary>
internal sealed record SandboxRequest(string Service, string Region, HttpMethod Method, string Path, string? Query, string Body, string RequestId, string? Target = null);

/// <summary>One AWS wire protocol: how it names operations, runs them and words its errors.</summary>
internal interface ISandboxProtocol
{
    /// <summary>The operation a request asks for, or null when the service has no such operation.</summary>
    string? OperationOf(SandboxRequest request);

    HttpResponseMessage Execute(string operation, SandboxRequest request);

    HttpResponseMessage Error(SandboxException error, SandboxRequest request);

    /// <summary>The answer to a request that names no known operation.</summary>
    HttpResponseMessage UnknownOperation(SandboxRequest request);
}
