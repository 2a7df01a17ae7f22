using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// What the executor does with one node, reduced to the test's needs: find or create, wait, and retry
/// retryable failures (throttled, transient, not-yet-consistent within its window) after a short pause.
/// </summary>
internal sealed class NodeRunner(CloudUnderTest cloud, EnvironmentRef environment)
{
    private readonly Dictionary<string, CloudResource> _made = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CloudResource> Made => _made;

    public int Retries { get; private set; }

    public ResourceContext Context(ResourceNode node) => SeedEnvironment.Context(environment, node, _made);

    public async Task<CloudResource> CreateAsync(ResourceNode node, CancellationToken cancellationToken = default)
    {
        var driver = cloud.Drivers.For(node.Kind);
        var resource = await RetryAsync(
            async () =>
            {
                var context = Context(node);
                var made = await driver.FindAsync(context, cancellationToken) ?? await driver.CreateAsync(context, cancellationToken);
                return await driver.WaitUntilReadyAsync(context, made, cancellationToken);
            },
            cancellationToken);
        _made[node.Key] = resource;
        return resource;
    }

    public async Task DeleteAsync(ResourceNode node, CancellationToken cancellationToken = default)
    {
        if (!_made.TryGetValue(node.Key, out var resource))
        {
            return;
        }

        var driver = cloud.Drivers.For(node.Kind);
        await RetryAsync(
            async () =>
            {
                await driver.DeleteAsync(Context(node), resource, cancellationToken);
                return true;
            },
            cancellationToken);
        _made.Remove(node.Key);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        var firstAttempt = cloud.Time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (CloudOperationException exception) when (exception.IsRetryable && attempt < 60
                && (exception.RetryWindow is null || cloud.Time.GetUtcNow() - firstAttempt < exception.RetryWindow))
            {
                Retries++;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20 * attempt, 200)), cancellationToken);
            }
        }
    }
}
