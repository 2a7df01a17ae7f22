using System.Collections.Concurrent;

namespace Kund.Infrastructure.Sandbox.Throttling;

/// <summary>
/// EC2's request-rate limits as AWS documents them now (docs/aws-behaviour.md, Throttling): every API
/// action has its own token bucket per region, of the size and refill rate of its category, so a burst
/// of one action does not throttle another. The sandbox has a single account, so the account is implied.
/// </summary>
public sealed class Ec2Throttle(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Region, string Action), TokenBucket> _buckets = new();

    public static Ec2ThrottleCategory CategoryOf(string action) => action switch
    {
        "CreateNatGateway" or "DeleteNatGateway" => Ec2ThrottleCategory.NatGateway,
        "CreateTags" => Ec2ThrottleCategory.CreateTags,
        _ when action.StartsWith("Describe", StringComparison.Ordinal) => Ec2ThrottleCategory.NonMutating,
        _ => Ec2ThrottleCategory.Mutating,
    };

    /// <summary>Takes a token for <paramref name="action"/>; false means <c>RequestLimitExceeded</c>.</summary>
    public bool TryAcquire(string region, string action)
    {
        var bucket = _buckets.GetOrAdd((region, action), key => CategoryOf(key.Action) switch
        {
            Ec2ThrottleCategory.NonMutating => new TokenBucket(100, 20, time),
            Ec2ThrottleCategory.Mutating => new TokenBucket(50, 5, time),
            Ec2ThrottleCategory.NatGateway => new TokenBucket(10, 1, time),
            Ec2ThrottleCategory.CreateTags => new TokenBucket(100, 10, time),
        });
        return bucket.TryTake();
    }
}

public enum Ec2ThrottleCategory
{
    NonMutating,
    Mutating,
    NatGateway,
    CreateTags,
}
