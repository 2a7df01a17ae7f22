using System.Collections.Concurrent;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// What the executor does with one node, reduced to the test's needs: find or create, wait, and retry
/// retryable failures (throttled, transient, not-yet-consistent within its window) after a short pause.
/// </summary>
internal sealed class NodeRunner(CloudUnderTest cloud, EnvironmentRef environment)
{
    private readonly ConcurrentDictionary<string, CloudResource> _made = new(StringComparer.Ordinal);
    private int _retries;

    public IReadOnlyDictionary<string, CloudResource> Made => _made;

    public int Retries => _retries;

    public ResourceContext Context(ResourceNode node) => SeedEnvironment.Context(environment, node, _made);

    /// <summary>Every node starts as soon as its dependencies are done, as the executor runs a plan.</summary>
    public async Task CreateAllAsync(IReadOnlyList<ResourceNode> nodes)
    {
        var started = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var dependencies = node.DependsOn.Select(k => started[k]).ToList();
            started[node.Key] = Task.Run(async () =>
            {
                await Task.WhenAll(dependencies);
                await CreateAsync(node);
            });
        }

        await Task.WhenAll(started.Values);
    }

    /// <summary>Every node is deleted as soon as the nodes depending on it are gone.</summary>
    public async Task DeleteAllAsync(IReadOnlyList<ResourceNode> nodes)
    {
        var started = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var node in nodes.Reverse())
        {
            var dependents = nodes.Where(n => n.DependsOn.Contains(node.Key)).Select(n => started[n.Key]).ToList();
            started[node.Key] = Task.Run(async () =>
            {
                await Task.WhenAll(dependents);
                await DeleteAsync(node);
            });
        }

        await Task.WhenAll(started.Values);
    }

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
        _made.TryRemove(node.Key, out _);
    }

    /// <summary>One step, retried as the executor retries it (a new role EKS cannot assume yet, throttling).</summary>
    public async Task<T> RetryAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken = default)
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
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20 * attempt, 200)), cancellationToken);
            }
        }
    }
}
