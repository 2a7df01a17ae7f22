using Amazon.Runtime;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// Plugs the sandbox under an AWS SDK client:
/// <c>new AmazonEC2Client(credentials, new AmazonEC2Config { RegionEndpoint = …, HttpClientFactory = new SandboxHttpClientFactory(cloud) })</c>.
/// Each call gets a fresh <see cref="HttpClient"/> over one shared handler: the SDK neither caches it
/// (its cache is global and would mix two sandboxes in one process) nor can it dispose the handler.
/// </summary>
public sealed class SandboxHttpClientFactory(SandboxCloud cloud) : HttpClientFactory, IDisposable
{
    private readonly SandboxHttpHandler _handler = new(cloud);

    public SandboxCloud Cloud { get; } = cloud;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;

    public void Dispose() => _handler.Dispose();
}
