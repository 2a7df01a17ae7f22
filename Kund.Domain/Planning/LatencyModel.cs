using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>How long one resource of a kind takes to create and to delete, wait included.</summary>
public sealed record KindLatency(TimeSpan Create, TimeSpan Delete);

/// <summary>
/// Expected durations per resource kind: the planner's critical path and makespan estimate come from
/// here, and the sandbox cloud can simulate the same figures. Kinds missing from
/// <see cref="Durations"/> take no time.
/// </summary>
public sealed record LatencyModel(IReadOnlyDictionary<ResourceKind, KindLatency> Durations)
{
    /// <summary>Typical AWS figures: the NAT gateway takes minutes, the EKS cluster ten.</summary>
    public static LatencyModel Default { get; } = new(new Dictionary<ResourceKind, KindLatency>
    {
        [ResourceKind.Vpc] = new(Seconds(2), Seconds(2)),
        [ResourceKind.Subnet] = new(Seconds(2), Seconds(2)),
        [ResourceKind.InternetGateway] = new(Seconds(3), Seconds(3)),
        [ResourceKind.ElasticIp] = new(Seconds(1), Seconds(1)),
        [ResourceKind.NatGateway] = new(Seconds(90), Seconds(60)),
        [ResourceKind.RouteTable] = new(Seconds(3), Seconds(3)),
        [ResourceKind.IamRole] = new(Seconds(1), Seconds(1)),
        [ResourceKind.IamRolePolicyAttachment] = new(Seconds(1), Seconds(1)),
        [ResourceKind.EksCluster] = new(Seconds(600), Seconds(480)),
        [ResourceKind.EksNodeGroup] = new(Seconds(180), Seconds(360)),
        [ResourceKind.EksAddon] = new(Seconds(60), Seconds(30)),
        [ResourceKind.EksAccessEntry] = new(Seconds(2), Seconds(2)),
    });

    public TimeSpan CreateDuration(ResourceKind kind) => Durations.TryGetValue(kind, out var latency) ? latency.Create : TimeSpan.Zero;

    public TimeSpan DeleteDuration(ResourceKind kind) => Durations.TryGetValue(kind, out var latency) ? latency.Delete : TimeSpan.Zero;

    /// <summary>Every duration multiplied by <paramref name="timeScale"/>: 0.01 makes a 600 s cluster take 6 s.</summary>
    public LatencyModel Scaled(double timeScale)
    {
        if (!double.IsFinite(timeScale) || timeScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "The time scale must be a finite number, zero or more.");
        }

        return new LatencyModel(Durations.ToDictionary(
            entry => entry.Key,
            entry => new KindLatency(entry.Value.Create * timeScale, entry.Value.Delete * timeScale)));
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
