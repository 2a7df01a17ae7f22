namespace Kund.Infrastructure.Aws;

/// <summary>Where Kund's AWS clients send their requests.</summary>
public enum AwsTransportMode
{
    /// <summary>Real AWS endpoints, credentials from the SDK's default chain.</summary>
    Aws,

    /// <summary>The transport supplied by the composition root (the sandbox cloud), fixed credentials.</summary>
    Sandbox,
}

/// <summary>Options of the AWS clients and drivers (section <c>Kund:Aws</c>).</summary>
public sealed class AwsOptions
{
    public const string SectionName = "Kund:Aws";

    /// <summary>The region used when a caller does not name one.</summary>
    public string Region { get; set; } = "us-east-1";

    public AwsTransportMode Mode { get; set; } = AwsTransportMode.Aws;

    /// <summary>Sandbox mode only: the access key signed into every request.</summary>
    public string SandboxAccessKey { get; set; } = "AKIASANDBOXKUND00001";

    /// <summary>Sandbox mode only: the secret key signing every request.</summary>
    public string SandboxSecretKey { get; set; } = "sandbox-secret-key";

    /// <summary>
    /// How many times one call is attempted in all (throttling and 5xx only), like the SDK's standard
    /// retry mode (3 there; a little more here because a whole environment rides on each call).
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Per-attempt HTTP timeout of the IAM and EKS clients.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much faster than AWS the cloud behind the transport runs (the sandbox's TimeScale); waiters
    /// divide their expected durations and poll intervals by it. 1 against real AWS.
    /// </summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>The scale waiters and backoff use: <see cref="TimeScale"/> in Sandbox mode, always 1 against real AWS.</summary>
    public double EffectiveTimeScale => Mode == AwsTransportMode.Sandbox ? Math.Max(TimeScale, 1e-6) : 1;

    public ExpectedDurations ExpectedDurations { get; set; } = new();
}

/// <summary>How long AWS usually takes, in AWS time (before <see cref="AwsOptions.TimeScale"/>); waiters plan their polls around it.</summary>
public sealed class ExpectedDurations
{
    public TimeSpan NatGatewayCreate { get; set; } = TimeSpan.FromSeconds(90);

    public TimeSpan NatGatewayDelete { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan EksClusterCreate { get; set; } = TimeSpan.FromSeconds(600);

    public TimeSpan EksClusterDelete { get; set; } = TimeSpan.FromSeconds(480);
}
