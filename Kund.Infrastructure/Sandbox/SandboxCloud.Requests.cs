namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    /// <summary>The requests that reached the cloud over HTTP, while <see cref="SandboxRequestLog.Recording"/> is on.</summary>
    public SandboxRequestLog RequestLog { get; } = new();
}
