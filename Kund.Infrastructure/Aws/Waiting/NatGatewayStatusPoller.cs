using Amazon.EC2.Model;

namespace Kund.Infrastructure.Aws.Waiting;

/// <summary>
/// Batches NAT gateway status polls of every waiter in the process into one
/// <c>DescribeNatGateways</c> per region and batch window.
/// <para>
/// EC2 gives Describe calls a bucket of 100 and a refill of 20 per second per account and region. A
/// waiter polling alone at 1 % of 90 s would make ~1.1 calls/s; a hundred environments would make
/// ~110/s and drain the bucket in about a second, throttling every other Describe. Batched, a region
/// sees at most one call per <see cref="BatchWindow"/> (200 ms of AWS time: ≤ 5/s, a quarter of the
/// refill) however many waiters there are, and a waiter learns its status at most one window late
/// (0.2 % of a NAT's 90 s). The filter <c>nat-gateway-id</c> (not <c>NatGatewayIds</c>) is used so an id
/// AWS no longer knows is simply missing from the answer instead of failing the whole batch.
/// </para>
/// </summary>
public sealed class NatGatewayStatusPoller(AwsClients clients, TimeProvider timeProvider)
{
    private const int IdsPerCall = 100;
    private readonly Dictionary<string, Batch> _batches = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>200 ms of AWS time, at least 1 ms of real time.</summary>
    public TimeSpan BatchWindow => TimeSpan.FromMilliseconds(Math.Max(1, 200 / Math.Max(clients.Options.EffectiveTimeScale, 1e-6)));

    /// <summary>How many waits the next batched polls will answer, over all regions.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _batches.Values.Sum(b => b.Waiters.Values.Sum(w => w.Count));
            }
        }
    }

    /// <summary>The NAT gateway as of the next batched poll, or null when AWS no longer lists it.</summary>
    public Task<NatGateway?> GetAsync(string region, string natGatewayId, CancellationToken cancellationToken)
    {
        TaskCompletionSource<NatGateway?> completion;
        var startFlush = false;
        lock (_lock)
        {
            if (!_batches.TryGetValue(region, out var batch))
            {
                batch = new Batch();
                _batches[region] = batch;
                startFlush = true;
            }

            if (!batch.Waiters.TryGetValue(natGatewayId, out var waiters))
            {
                waiters = [];
                batch.Waiters[natGatewayId] = waiters;
            }

            completion = new TaskCompletionSource<NatGateway?>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add(completion);
        }

        if (startFlush)
        {
            _ = FlushAfterWindowAsync(region);
        }

        return completion.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAfterWindowAsync(string region)
    {
        await Task.Delay(BatchWindow, timeProvider);
        Batch batch;
        lock (_lock)
        {
            batch = _batches[region];
            _batches.Remove(region);
        }

        var ids = batch.Waiters.Keys.ToList();
        try
        {
            var found = new Dictionary<string, NatGateway>(StringComparer.Ordinal);
            var ec2 = clients.Ec2(region);
            foreach (var chunk in ids.Chunk(IdsPerCall))
            {
                string? nextToken = null;
                do
                {
                    var response = await ec2.DescribeNatGatewaysAsync(
                        new DescribeNatGatewaysRequest { Filter = [new Filter("nat-gateway-id", [.. chunk])], NextToken = nextToken },
                        CancellationToken.None);
                    foreach (var gateway in response.NatGateways ?? [])
                    {
                        found[gateway.NatGatewayId] = gateway;
                    }

                    nextToken = response.NextToken;
                }
                while (!string.IsNullOrEmpty(nextToken));
            }

            foreach (var (id, waiters) in batch.Waiters)
            {
                waiters.ForEach(w => w.TrySetResult(found.GetValueOrDefault(id)));
            }
        }
        catch (Exception exception)
        {
            // Every waiter of the batch sees the failure and decides (a throttle just means: poll again).
            foreach (var waiters in batch.Waiters.Values)
            {
                waiters.ForEach(w => w.TrySetException(exception));
            }
        }
    }

    private sealed class Batch
    {
        public Dictionary<string, List<TaskCompletionSource<NatGateway?>>> Waiters { get; } = new(StringComparer.Ordinal);
    }
}
