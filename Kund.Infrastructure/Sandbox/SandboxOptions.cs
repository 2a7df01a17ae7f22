namespace Kund.Infrastructure.Sandbox;

/// <summary>Settings of the sandbox cloud: <c>Kund:Sandbox</c>, part of <see cref="Configuration.KundOptions"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>Real AWS durations (NAT gateway, EKS cluster, IAM propagation) are divided by this; at least 1.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Sandbox sign-in is for loopback only, unless this is set.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>The 12-digit account every resource belongs to (api.md: the sandbox acts as 111111111111).</summary>
    public string AccountId { get; set; } = "111111111111";

    /// <summary>JSON file the state is kept in across restarts; null keeps it in memory only.</summary>
    public string? StatePath { get; set; }

    /// <summary>VPCs per region (AWS default 5, <c>VpcLimitExceeded</c> past it).</summary>
    public int VpcLimitPerRegion { get; set; } = 5;

    /// <summary>Elastic IPs per region (AWS default 5, <c>AddressLimitExceeded</c> past it).</summary>
    public int AddressLimitPerRegion { get; set; } = 5;

    /// <summary>EC2 API token buckets (<c>RequestLimitExceeded</c>, HTTP 503); on by default as in AWS.</summary>
    public bool ThrottlingEnabled { get; set; } = true;

    /// <summary>
    /// IAM's read-after-write window: for up to this long after <c>CreateRole</c> (divided by
    /// <see cref="TimeScale"/>), <c>GetRole</c> and <c>AttachRolePolicy</c> may still answer
    /// <c>NoSuchEntity</c>. Each role draws its own window from <see cref="FaultSeed"/>; zero (the default) is off.
    /// </summary>
    public TimeSpan IamReadAfterWriteWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a new cluster answers <c>PENDING</c> before <c>CREATING</c> (divided by <see cref="TimeScale"/>),
    /// as EKS may report a cluster it has accepted but not started to build. The phase is the start of the
    /// creation time, never added to it, and no longer than it; zero (the default) is off.
    /// </summary>
    public TimeSpan ClusterPendingPhase { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Another Kund node's sandbox endpoint (<c>http://host:port/sandbox/aws</c>) whose cloud this node's AWS clients
    /// call, signed with the endpoint's key, instead of a cloud of this node's own: several nodes on one database then
    /// share one cloud, as they would share one AWS account (docs/scaling.md). Null (the default): the node's own cloud.
    /// The node serving the endpoint leaves it unset; <see cref="TimeScale"/> and <see cref="ThrottlingEnabled"/>
    /// should match that node's, as waiters and the client-side rate limit read them.
    /// </summary>
    public string? CloudUrl { get; set; }

    /// <summary>Seed of the random source behind fault injection, so a failing run can be replayed.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Faults active from the start, by operation name (<c>CreateVpc</c>, <c>CreateCluster</c>).</summary>
    public Dictionary<string, OperationFault> Faults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What is wrong with these settings, one line each naming the setting; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        if (!double.IsFinite(TimeScale) || TimeScale < 1)
        {
            yield return $"Kund:Sandbox:TimeScale is {TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture)}; expected a number of at least 1 (real AWS durations are divided by it).";
        }

        if (AccountId is not { Length: 12 } || !AccountId.All(char.IsAsciiDigit))
        {
            yield return $"Kund:Sandbox:AccountId is '{AccountId}'; expected 12 digits.";
        }

        if (ClusterPendingPhase < TimeSpan.Zero)
        {
            yield return $"Kund:Sandbox:ClusterPendingPhase is {ClusterPendingPhase}; expected a duration of zero (off) or more.";
        }

        if (CloudUrl is not null && !IsHttpUrl(CloudUrl))
        {
            yield return $"Kund:Sandbox:CloudUrl is '{CloudUrl}'; expected an absolute http or https URL of another node's sandbox endpoint, such as 'http://127.0.0.1:5080/sandbox/aws'.";
        }

        if (VpcLimitPerRegion < 1 || AddressLimitPerRegion < 1)
        {
            yield return $"Kund:Sandbox:VpcLimitPerRegion and AddressLimitPerRegion are {VpcLimitPerRegion} and {AddressLimitPerRegion}; expected quotas of at least 1.";
        }
    }

    /// <summary><see cref="CloudUrl"/> as a URI, or null when it is unset or not an absolute http(s) URL (which validation reports).</summary>
    public Uri? CloudUri => CloudUrl is not null && IsHttpUrl(CloudUrl) ? new Uri(CloudUrl) : null;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
