using Kund.Infrastructure.Configuration;

namespace Kund.Infrastructure.Aws;

/// <summary>Options of the AWS clients and drivers (<c>Kund:Aws</c>, part of <see cref="KundOptions"/>).</summary>
public sealed class AwsOptions
{

    /// <summary>The region used when a caller does not name one.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Real AWS or the sandbox transport: <c>Kund:Mode</c>, not a setting of its own (hence not bindable).</summary>
    public KundMode Mode { get; internal set; } = KundMode.Aws;

    /// <summary>Sandbox mode only: the access key signed into every request.</summary>
    public string SandboxAccessKey { get; set; } = "AKIASANDBOXKUND00001";

    /// <summary>Sandbox mode only: the secret key signing every request.</summary>
    public string SandboxSecretKey { get; set; } = "sandbox-secret-key";

    /// <summary>
    /// How many times one call is attempted in all (throttling and 5xx only), like the SDK's standard
    /// retry mode (3 there; a little more here because a whole environment rides on each call).
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// EC2 calls wait for a token of Kund's own copy of EC2's buckets (<see cref="Http.Ec2RateLimiter"/>) instead
    /// of being refused with <c>RequestLimitExceeded</c> and backing off. On unless turned off.
    /// </summary>
    public bool ClientRateLimit { get; set; } = true;

    /// <summary>
    /// The least real time a node group waits for its subnets' route out under a sandbox time scale: the calls
    /// that make the routes are paced by EC2's request rates, which no time scale shortens. At 100 environments
    /// and TimeScale 600 the scaled wait (30 min / 600 = 3 s) ended before a throttled route table had its route.
    /// </summary>
    public TimeSpan MinimumRouteOutWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Per-attempt HTTP timeout of the IAM and EKS clients.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much faster than AWS the cloud behind the transport runs: <c>Kund:Sandbox:TimeScale</c>, not a
    /// setting of its own. Waiters divide their expected durations and poll intervals by it.
    /// </summary>
    public double TimeScale { get; internal set; } = 1;

    /// <summary>
    /// Where every AWS call goes instead of AWS's own regional endpoints (all services at one URL, told apart by the
    /// signature's scope): <c>Kund:Sandbox:CloudUrl</c> in Sandbox mode, not a setting of its own. Null: AWS's endpoints,
    /// or the node's own sandbox cloud.
    /// </summary>
    public Uri? EndpointUrl { get; internal set; }

    /// <summary>The scale waiters and backoff use: <see cref="TimeScale"/> in Sandbox mode, always 1 against real AWS.</summary>
    public double EffectiveTimeScale => Mode == KundMode.Sandbox ? Math.Max(TimeScale, 1e-6) : 1;

    public ExpectedDurations ExpectedDurations { get; set; } = new();

    /// <summary>What is wrong with these settings, one line each naming the setting; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return "Kund:Aws:Region is empty; expected a region such as 'us-east-1'.";
        }

        if (MaxAttempts < 1)
        {
            yield return $"Kund:Aws:MaxAttempts is {MaxAttempts}; expected at least 1.";
        }
    }
}

/// <summary>How long AWS usually takes, in AWS time (before <see cref="AwsOptions.TimeScale"/>); waiters plan their polls around it.</summary>
public sealed class ExpectedDurations
{
    public TimeSpan NatGatewayCreate { get; set; } = TimeSpan.FromSeconds(90);

    public TimeSpan NatGatewayDelete { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan EksClusterCreate { get; set; } = TimeSpan.FromSeconds(600);

    public TimeSpan EksClusterDelete { get; set; } = TimeSpan.FromSeconds(480);

    public TimeSpan EksNodegroupCreate { get; set; } = TimeSpan.FromSeconds(180);

    public TimeSpan EksNodegroupDelete { get; set; } = TimeSpan.FromSeconds(360);

    public TimeSpan EksAddonCreate { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan EksAddonDelete { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>UpdateClusterVersion: one minor version up, ~8 minutes.</summary>
    public TimeSpan EksClusterVersionUpdate { get; set; } = TimeSpan.FromSeconds(480);

    /// <summary>UpdateClusterConfig: endpoint access, logging, access config, support type, deletion protection.</summary>
    public TimeSpan EksClusterConfigUpdate { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan EksNodegroupConfigUpdate { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>UpdateNodegroupVersion replaces every node, a few at a time.</summary>
    public TimeSpan EksNodegroupVersionUpdate { get; set; } = TimeSpan.FromSeconds(360);

    public TimeSpan EksAddonUpdate { get; set; } = TimeSpan.FromSeconds(60);
}
