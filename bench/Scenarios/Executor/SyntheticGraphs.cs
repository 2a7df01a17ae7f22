using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Bench.Scenarios.Executor;

/// <summary>Random DAGs of a fixed seed, drivers that answer at once and an observer that records nothing.</summary>
public static class SyntheticGraphs
{
    private static readonly VpcDesired Desired = new("10.0.0.0/16", Tenancy.Default, true, true);

    /// <summary>
    /// <paramref name="count"/> nodes; each depends on up to three of the 50 nodes before it, so the graph
    /// is deep and wide at once, with about 1.5 edges per node.
    /// </summary>
    public static ResourceGraph Build(int count, int seed = 8)
    {
        var random = new Random(seed);
        var nodes = new List<ResourceNode>(count);
        for (var i = 0; i < count; i++)
        {
            var dependencies = new HashSet<string>(StringComparer.Ordinal);
            if (i > 0)
            {
                var wanted = random.Next(0, 4);
                for (var d = 0; d < wanted; d++)
                {
                    dependencies.Add(Key(random.Next(Math.Max(0, i - 50), i)));
                }
            }

            nodes.Add(new ResourceNode(Key(i), ResourceKind.Vpc, [.. dependencies], Desired));
        }

        return new ResourceGraph(nodes);
    }

    public static ExecutionRequest Request(ResourceGraph graph, int maxParallelism = 10) =>
        new(graph, ExecutionMode.Create, new EnvironmentRef(Guid.Empty, "synthetic", "ap-northeast-2", new Dictionary<string, string>()), [], InstantDrivers.Instance, NullObserver.Instance)
        {
            Options = ExecutionOptions.Default with { MaxParallelism = maxParallelism },
        };

    private static string Key(int i) => $"n{i}";

    private sealed class InstantDrivers : IResourceDriverSet, IResourceDriver
    {
        public static InstantDrivers Instance { get; } = new();

        private static readonly Task<CloudResource?> NotFound = Task.FromResult<CloudResource?>(null);

        public ResourceKind Kind => ResourceKind.Vpc;

        public IResourceDriver For(ResourceKind kind) => this;

        public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) => NotFound;

        public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new CloudResource(context.Node.Key));

        public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
            Task.FromResult(resource);

        public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NullObserver : IExecutionObserver
    {
        public static NullObserver Instance { get; } = new();

        public ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
