using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// The client config the IAM and EKS clients hand to an <see cref="HttpClientFactory"/>, so a factory
/// built for the SDK's clients (the sandbox's) serves them the same way: URL, timeout, no SDK cache.
/// </summary>
internal sealed class AwsServiceConfig : ClientConfig
{
    private readonly string _serviceName;
    private readonly string _serviceVersion;

    public AwsServiceConfig(string serviceName, string serviceVersion, string serviceUrl, string signingRegion, TimeSpan timeout)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
    {
        _serviceName = serviceName;
        _serviceVersion = serviceVersion;
        ServiceURL = serviceUrl;
        AuthenticationRegion = signingRegion;
        AuthenticationServiceName = serviceName;
        Timeout = timeout;
        CacheHttpClient = false;
    }

    public override string ServiceVersion => _serviceVersion;

    public override string UserAgent => "kund";

    public override string RegionEndpointServiceName => _serviceName;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
}
