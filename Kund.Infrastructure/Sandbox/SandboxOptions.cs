namespace Kund.Infrastructure.Sandbox;

/// <summary>Settings of the sandbox cloud, bound from <c>Kund:Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Kund:Sandbox";

    /// <summary>Real AWS durations (NAT gateway, EKS cluster, IAM propagation) are divided by this; at least 1.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>The 12-digit account every resource belongs to.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>JSON file the state is kept in across restarts; null keeps it in memory only.</summary>
    public string? StatePath { get; set; }

    /// <summary>VPCs per region (AWS default 5, <c>VpcLimitExceeded</c> past it).</summary>
    public int VpcLimitPerRegion { get; set; } = 5;

    /// <summary>Elastic IPs per region (AWS default 5, <c>AddressLimitExceeded</c> past it).</summary>
    public int AddressLimitPerRegion { get; set; } = 5;

    /// <summary>EC2 API token buckets (<c>RequestLimitExceeded</c>, HTTP 503); on by default as in AWS.</summary>
    public bool ThrottlingEnabled { get; set; } = true;

    /// <summary>Seed of the random source behind fault injection, so a failing run can be replayed.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Faults active from the start, by operation name (<c>CreateVpc</c>, <c>CreateCluster</c>).</summary>
    public Dictionary<string, OperationFault> Faults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Throws when a setting is out of range; called by the cloud at construction.</summary>
    public void Validate()
    {
        if (double.IsNaN(TimeScale) || TimeScale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeScale), TimeScale, "TimeScale must be a number ≥ 1.");
        }

        if (AccountId is not { Length: 12 } || !AccountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"AccountId must be 12 digits, got '{AccountId}'.", nameof(AccountId));
        }

        if (VpcLimitPerRegion < 1 || AddressLimitPerRegion < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(VpcLimitPerRegion), "Quotas must be at least 1.");
        }
    }
}
