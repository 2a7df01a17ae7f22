namespace Kund.Infrastructure.Sandbox;

/// <summary>How long AWS takes for the slow things, already divided by <see cref="SandboxOptions.TimeScale"/>.</summary>
public sealed record SandboxTimings(
    TimeSpan NatGatewayCreate,
    TimeSpan NatGatewayDelete,
    TimeSpan NatGatewayFail,
    TimeSpan DeletedNatGatewayVisible,
    TimeSpan ClusterCreate,
    TimeSpan ClusterDelete,
    TimeSpan RolePropagation,
    TimeSpan NodegroupCreate,
    TimeSpan NodegroupDelete,
    TimeSpan NodegroupUpdate,
    TimeSpan AddonCreate,
    TimeSpan AddonDelete)
{
    /// <summary>
    /// How long a client token keeps answering with its original result after its resource is gone: a day
    /// on the sandbox's clock, not scaled, as EC2 and EKS keep tokens for at least 24 hours.
    /// </summary>
    public static TimeSpan ClientTokenMemory { get; } = TimeSpan.FromHours(24);

    /// <summary>AWS's typical durations (docs/aws-behaviour.md) scaled down by <paramref name="timeScale"/>.</summary>
    public static SandboxTimings Scaled(double timeScale) => new(
        TimeSpan.FromSeconds(90) / timeScale,
        TimeSpan.FromSeconds(60) / timeScale,
        TimeSpan.FromSeconds(10) / timeScale,
        TimeSpan.FromHours(1) / timeScale,
        TimeSpan.FromMinutes(10) / timeScale,
        TimeSpan.FromMinutes(8) / timeScale,
        TimeSpan.FromSeconds(10) / timeScale,
        TimeSpan.FromMinutes(3) / timeScale,
        TimeSpan.FromMinutes(6) / timeScale,
        TimeSpan.FromMinutes(1) / timeScale,
        TimeSpan.FromMinutes(1) / timeScale,
        TimeSpan.FromSeconds(30) / timeScale);
}
