using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Elbv2;
using Kund.Infrastructure.Aws.Http;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Tagging;
using Kund.Infrastructure.Configuration;

namespace Kund.Infrastructure.Aws;

/// <summary>
/// Hands out Kund's three AWS clients (EC2 per region, IAM global, EKS per region), all over one
/// transport: the network in Aws mode, the composition root's handler or factory in Sandbox mode.
/// A singleton: clients are made once per region and reused.
/// </summary>
public sealed class AwsClients : IDisposable
{
    private readonly AwsOptions _options;
    private readonly AwsTransport _transport;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<AWSCredentials> _credentials;
    private readonly Lazy<IIamClient> _iam;
    private readonly ConcurrentDictionary<string, Lazy<AmazonEC2Client>> _ec2 = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IEksClient>> _eks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IElbv2Client>> _elbv2 = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<ITaggingClient>> _tagging = new(StringComparer.Ordinal);
    private readonly List<HttpClient> _httpClients = [];
    private readonly HttpClientFactory? _ec2Factory;
    private readonly bool _sdkDefaultChain;

    /// <param name="credentials">Fixed credentials; null: the SDK's default chain in Aws mode, the sandbox keys in Sandbox mode.</param>
    public AwsClients(AwsOptions options, AwsTransport transport, TimeProvider timeProvider, AWSCredentials? credentials = null)
    {
        if (options.Mode == KundMode.Sandbox && transport.IsNetwork && options.EndpointUrl is null)
        {
            throw new ArgumentException("Sandbox mode needs a transport (the sandbox's HttpClientFactory or HttpMessageHandler) or another node's sandbox endpoint (Kund:Sandbox:CloudUrl); it never reaches AWS.", nameof(transport));
        }

        _options = options;
        Ec2RateLimiter = options.ClientRateLimit ? new Ec2RateLimiter(timeProvider) : null;
        _transport = transport;
        _timeProvider = timeProvider;
        _sdkDefaultChain = credentials is null && options.Mode == KundMode.Aws;
        _credentials = new Lazy<AWSCredentials>(() => credentials ?? (options.Mode == KundMode.Sandbox
            ? new BasicAWSCredentials(options.SandboxAccessKey, options.SandboxSecretKey)
            : DefaultAWSCredentialsIdentityResolver.GetCredentials(Ec2Config(options.Region))));
        _ec2Factory = transport.HttpClientFactory ?? (transport.MessageHandler is { } handler ? new HandlerHttpClientFactory(handler) : null);
        _iam = new Lazy<IIamClient>(() => new IamClient(
            CreateHttpClient(IamClient.ServiceName, AwsPartition.Of(options.Region).IamSigningRegion, QueryEndpoint?.ToString() ?? AwsPartition.Of(options.Region).IamEndpoint),
            Credentials,
            _options,
            _timeProvider,
            QueryEndpoint));
    }

    public AwsOptions Options => _options;

    /// <summary>The EC2 clients' own rate limiter, one for the account; null when <see cref="AwsOptions.ClientRateLimit"/> is off.</summary>
    public Ec2RateLimiter? Ec2RateLimiter { get; }

    public AWSCredentials Credentials => _credentials.Value;

    public IIamClient Iam => _iam.Value;

    public IAmazonEC2 Ec2(string? region = null) =>
        _ec2.GetOrAdd(region ?? _options.Region, r => new Lazy<AmazonEC2Client>(() => CreateEc2(r))).Value;

    public IEksClient Eks(string? region = null) =>
        _eks.GetOrAdd(region ?? _options.Region, r => new Lazy<IEksClient>(() => new EksClient(
            CreateHttpClient(EksClient.ServiceName, r, (_options.EndpointUrl ?? EksClient.EndpointFor(r)).ToString()),
            Credentials,
            r,
            _options,
            _timeProvider,
            _options.EndpointUrl))).Value;

    public IElbv2Client Elbv2(string? region = null) =>
        _elbv2.GetOrAdd(region ?? _options.Region, r => new Lazy<IElbv2Client>(() => new Elbv2Client(
            CreateHttpClient(Elbv2Client.ServiceName, r, (QueryEndpoint ?? Elbv2Client.EndpointFor(r)).ToString(), Elbv2Client.ApiVersion),
            Credentials,
            r,
            _options,
            _timeProvider,
            QueryEndpoint))).Value;

    public ITaggingClient Tagging(string? region = null) =>
        _tagging.GetOrAdd(region ?? _options.Region, r => new Lazy<ITaggingClient>(() => new TaggingClient(
            CreateHttpClient(TaggingClient.ServiceName, r, (QueryEndpoint ?? TaggingClient.EndpointFor(r)).ToString(), TaggingClient.ApiVersion),
            Credentials,
            r,
            _options,
            _timeProvider,
            QueryEndpoint))).Value;

    /// <summary>
    /// The EC2 config for a region. With a transport, <c>CacheHttpClient</c> is off: the SDK's cache is
    /// process-wide and keyed by config values alone, so a second sandbox (another test, another
    /// TimeScale) would otherwise be served the first one's HttpClient.
    /// </summary>
    public AmazonEC2Config Ec2Config(string region)
    {
        var config = new AmazonEC2Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = Math.Max(0, _options.MaxAttempts - 1),
            Timeout = _options.RequestTimeout,
        };
        if (_options.EndpointUrl is { } endpoint)
        {
            // One URL for every region: the region travels in the signature's scope.
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (_ec2Factory is not null)
        {
            config.HttpClientFactory = _ec2Factory;
            config.CacheHttpClient = false;
        }

        return config;
    }

    /// <summary>
    /// <see cref="AwsOptions.EndpointUrl"/> with the one trailing slash the Query services (IAM, ELBv2, tagging)
    /// are posted to; null when there is no such URL.
    /// </summary>
    private Uri? QueryEndpoint => _options.EndpointUrl is { } url ? new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/") : null;

    public void Dispose()
    {
        foreach (var client in _ec2.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        lock (_httpClients)
        {
            _httpClients.ForEach(c => c.Dispose());
            _httpClients.Clear();
        }
    }

    private AmazonEC2Client CreateEc2(string region) =>
        (_sdkDefaultChain, Ec2RateLimiter) switch
        {
            (true, { } limiter) => new RateLimitedEc2Client(Ec2Config(region), limiter),
            (false, { } limiter) => new RateLimitedEc2Client(Credentials, Ec2Config(region), limiter),
            (true, null) => new AmazonEC2Client(Ec2Config(region)),
            (false, null) => new AmazonEC2Client(Credentials, Ec2Config(region)),
        };

    private HttpClient CreateHttpClient(string service, string signingRegion, string url, string? version = null)
    {
        HttpClient client;
        if (_transport.HttpClientFactory is { } factory)
        {
            client = factory.CreateHttpClient(new AwsServiceConfig(service, version ?? (service == IamClient.ServiceName ? IamClient.ApiVersion : "2017-11-01"), url, signingRegion, _options.RequestTimeout));
        }
        else if (_transport.MessageHandler is { } handler)
        {
            client = new HttpClient(handler, disposeHandler: false);
        }
        else
        {
            client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        }

        client.Timeout = _options.RequestTimeout;
        lock (_httpClients)
        {
            _httpClients.Add(client);
        }

        return client;
    }

    /// <summary>Lets a bare handler (tests) stand under the EC2 client too.</summary>
    private sealed class HandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
