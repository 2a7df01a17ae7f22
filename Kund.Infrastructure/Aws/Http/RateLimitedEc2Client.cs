using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>The SDK's EC2 client with <see cref="Ec2RateLimiter"/> inside its retry loop: every attempt, the first and each retry, waits for its token.</summary>
internal sealed class RateLimitedEc2Client : AmazonEC2Client
{
    private readonly Ec2RateLimiter _limiter;
    private readonly string _region;

    /// <summary>Credentials from the SDK's default chain.</summary>
    public RateLimitedEc2Client(AmazonEC2Config config, Ec2RateLimiter limiter)
        : base(config)
    {
        _limiter = limiter;
        _region = RegionOf(config);
    }

    public RateLimitedEc2Client(AWSCredentials credentials, AmazonEC2Config config, Ec2RateLimiter limiter)
        : base(credentials, config)
    {
        _limiter = limiter;
        _region = RegionOf(config);
    }

    /// <summary>The region the config is for: its region endpoint, or the signing region when a service URL replaces it.</summary>
    private static string RegionOf(AmazonEC2Config config) =>
        config.RegionEndpoint?.SystemName ?? config.AuthenticationRegion
        ?? throw new ArgumentException("An EC2 config needs a region endpoint or, with a service URL, an authentication region.", nameof(config));

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerAfter<RetryHandler>(new Limit(this));
    }

    private sealed class Limit(RateLimitedEc2Client client) : PipelineHandler
    {
        public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            await client._limiter.AcquireAsync(client._region, ActionOf(executionContext), executionContext.RequestContext.CancellationToken);
            return await base.InvokeAsync<T>(executionContext);
        }

        private static string ActionOf(IExecutionContext executionContext)
        {
            var name = executionContext.RequestContext.OriginalRequest.GetType().Name;
            return name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
        }
    }
}
