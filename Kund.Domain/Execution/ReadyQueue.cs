using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// The nodes whose inputs exist, longest remaining path first: a node's rank is its own expected duration
/// plus the longest rank among the nodes waiting for it, so when more are ready than may run, the critical
/// path is never kept waiting behind a side branch. Equal ranks keep the graph's order.
/// </summary>
/// <remarks>
/// A node group has no edge to its subnets' route tables but waits for their routes inside its driver
/// (docs/decisions/resource-graph.md); for the ranks only, the route tables count as waited for, so a
/// group never takes the last free slot while the routes it waits for have none.
/// </remarks>
internal sealed class ReadyQueue
{
    /// <summary>What a node weighs beyond its duration, so that of two chains of instant nodes the longer leads.</summary>
    private static readonly long StepTicks = TimeSpan.FromMilliseconds(1).Ticks;

    private readonly PriorityQueue<int, (long NegativeRank, int Index)> _queue = new();
    private readonly long[] _rank;

    public ReadyQueue(ResourceGraph graph, bool destroy, LatencyModel durations)
    {
        var count = graph.Count;
        _rank = new long[count];

        // The nodes that wait for each node: dependents when creating, dependencies when destroying.
        var after = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            after[i] = [.. destroy ? graph.DependencyIndices(i) : graph.DependentIndices(i)];
        }

        if (!destroy)
        {
            AddRouteWaits(graph, after);
        }

        // Ranks from the end of the walk back to its start (Kahn's order over the reversed edges).
        var before = new List<int>[count];
        var pending = new int[count];
        var done = new Queue<int>();
        for (var i = 0; i < count; i++)
        {
            before[i] ??= [];
            pending[i] = after[i].Count;
            foreach (var next in after[i])
            {
                (before[next] ??= []).Add(i);
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (pending[i] == 0)
            {
                done.Enqueue(i);
            }
        }

        while (done.Count > 0)
        {
            var index = done.Dequeue();
            var node = graph.NodeAt(index);
            var longestAfter = 0L;
            foreach (var next in after[index])
            {
                longestAfter = Math.Max(longestAfter, _rank[next]);
            }

            var duration = destroy ? durations.DeleteDuration(node.Kind) : durations.CreateDuration(node.Kind);
            _rank[index] = duration.Ticks + StepTicks + longestAfter;
            foreach (var previous in before[index])
            {
                if (--pending[previous] == 0)
                {
                    done.Enqueue(previous);
                }
            }
        }
    }

    public int Count => _queue.Count;

    public void Enqueue(int index) => _queue.Enqueue(index, (-_rank[index], index));

    public int Dequeue() => _queue.Dequeue();

    private static void AddRouteWaits(ResourceGraph graph, List<int>[] after)
    {
        var tables = Enumerable.Range(0, graph.Count).Where(i => graph.NodeAt(i).Desired is RouteTableDesired).ToList();
        for (var i = 0; i < graph.Count; i++)
        {
            if (graph.NodeAt(i).Desired is not EksNodeGroupDesired group)
            {
                continue;
            }

            foreach (var table in tables.Where(t => ((RouteTableDesired)graph.NodeAt(t).Desired).SubnetKeys.Intersect(group.SubnetKeys, StringComparer.Ordinal).Any()))
            {
                after[table].Add(i);
            }
        }
    }
}
