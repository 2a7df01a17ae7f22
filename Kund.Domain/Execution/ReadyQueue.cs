using Kund.Domain.Planning;

namespace Kund.Domain.Execution;

/// <summary>
/// The nodes whose inputs exist, longest remaining path first: a node's rank is its own expected duration
/// plus the longest rank among the nodes waiting for it, so when more are ready than may run, the critical
/// path is never kept waiting behind a side branch. Equal ranks keep the graph's order.
/// </summary>
internal sealed class ReadyQueue
{
    /// <summary>What a node weighs beyond its duration, so that of two chains of instant nodes the longer leads.</summary>
    private static readonly long StepTicks = TimeSpan.FromMilliseconds(1).Ticks;

    private readonly PriorityQueue<int, (long NegativeRank, int Index)> _queue = new();
    private readonly long[] _rank;

    public ReadyQueue(ResourceGraph graph, bool destroy, LatencyModel durations)
    {
        _rank = new long[graph.Count];
        var order = graph.TopologicalOrder;

        // The nodes that wait for a node come after it in the order the run walks: dependents when creating,
        // dependencies when destroying. Ranks are summed from the end of that walk back to its start.
        for (var t = 0; t < order.Count; t++)
        {
            var node = destroy ? order[t] : order[order.Count - 1 - t];
            var index = graph.IndexOf(node.Key);
            var longestAfter = 0L;
            foreach (var next in destroy ? graph.DependencyIndices(index) : graph.DependentIndices(index))
            {
                longestAfter = Math.Max(longestAfter, _rank[next]);
            }

            var duration = destroy ? durations.DeleteDuration(node.Kind) : durations.CreateDuration(node.Kind);
            _rank[index] = duration.Ticks + StepTicks + longestAfter;
        }
    }

    public int Count => _queue.Count;

    public void Enqueue(int index) => _queue.Enqueue(index, (-_rank[index], index));

    public int Dequeue() => _queue.Dequeue();
}
