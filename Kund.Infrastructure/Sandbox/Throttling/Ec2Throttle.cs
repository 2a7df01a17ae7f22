using System.Collections.Concurrent;

namespace Kund.Infrastructure.Sandbox.Throttling;

/// <summary>
/// EC2's request-rate limits: one token bucket per region and category, as AWS documents them
/// (docs/aws-behaviour.md, Throttling). The sandbox has a single account, so the account is implied.
/// </summary>
public sealed class Ec2Throttle(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Region, Ec2ThrottleCategory Category), TokenBucket> _buckets = new();

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
        var category = CategoryOf(action);
        var bucket = _buckets.GetOrAdd((region, category), key => key.Category switch
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
