using System.Diagnostics.CodeAnalysis;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// The resources of an environment and the data dependencies between them. An edge a → b
/// (b in <see cref="ResourceNode.DependsOn"/> of a) means a needs b's outputs, so b is created
/// before a and deleted after it. The graph checks itself on construction: keys are unique,
/// every dependency exists, and there is no cycle.
/// </summary>
public sealed class ResourceGraph
{
    private readonly ResourceNode[] _nodes;
    private readonly Dictionary<string, int> _indexByKey;
    private readonly int[][] _dependencies;
    private readonly int[][] _dependents;
    private readonly ResourceNode[] _topological;
    private int? _width;

    /// <exception cref="ArgumentException">A key repeats, a dependency is unknown, or the edges form a cycle.</exception>
    public ResourceGraph(IEnumerable<ResourceNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = [.. nodes];
        _indexByKey = new Dictionary<string, int>(_nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (!_indexByKey.TryAdd(_nodes[i].Key, i))
            {
                throw new ArgumentException($"The key '{_nodes[i].Key}' is used by more than one node.", nameof(nodes));
            }
        }

        _dependencies = new int[_nodes.Length][];
        var dependentCounts = new int[_nodes.Length];
        for (var i = 0; i < _nodes.Length; i++)
        {
            var keys = _nodes[i].DependsOn;
            var indices = new List<int>(keys.Count);
            foreach (var key in keys)
            {
                if (!_indexByKey.TryGetValue(key, out var dependency))
                {
                    throw new ArgumentException($"Node '{_nodes[i].Key}' depends on '{key}', which is not in the graph.", nameof(nodes));
                }

                // A repeated dependency is one edge; counting it twice would stall the executor.
                if (!indices.Contains(dependency))
                {
                    indices.Add(dependency);
                    dependentCounts[dependency]++;
                }
            }

            _dependencies[i] = [.. indices];
        }

        _dependents = new int[_nodes.Length][];
        for (var i = 0; i < _nodes.Length; i++)
        {
            _dependents[i] = new int[dependentCounts[i]];
            dependentCounts[i] = 0;
        }

        for (var i = 0; i < _nodes.Length; i++)
        {
            foreach (var dependency in _dependencies[i])
            {
                _dependents[dependency][dependentCounts[dependency]++] = i;
            }
        }

        _topological = SortTopologically();
    }

    /// <summary>The nodes in the order they were given.</summary>
    public IReadOnlyList<ResourceNode> Nodes => _nodes;

    public int Count => _nodes.Length;

    public IEnumerable<string> Keys => _nodes.Select(n => n.Key);

    /// <summary>Every node after all of its dependencies; the given order when it already is one.</summary>
    public IReadOnlyList<ResourceNode> TopologicalOrder => _topological;

    /// <summary>
    /// The most nodes that can ever be in progress at once: the largest set of nodes none of which
    /// depends on another, directly or not (a maximum antichain). With at least this much parallelism
    /// nothing ever waits for a free slot. Computed on first use in O(n·closure); meant for plans and
    /// tests, not for very large synthetic graphs.
    /// </summary>
    public int Width => _width ??= ComputeWidth();

    public ResourceNode this[string key] =>
        TryGetNode(key, out var node) ? node : throw new KeyNotFoundException($"The graph has no node '{key}'.");

    public bool Contains(string key) => _indexByKey.ContainsKey(key);

    public bool TryGetNode(string key, [NotNullWhen(true)] out ResourceNode? node)
    {
        if (_indexByKey.TryGetValue(key, out var index))
        {
            node = _nodes[index];
            return true;
        }

        node = null;
        return false;
    }

    /// <summary>The keys of the nodes that directly depend on <paramref name="key"/>.</summary>
    public IReadOnlyList<string> DependentsOf(string key) => [.. _dependents[IndexOf(key)].Select(i => _nodes[i].Key)];

    /// <summary>The keys of every node that depends on <paramref name="key"/>, directly or not.</summary>
    public IReadOnlySet<string> DescendantsOf(string key)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(_dependents[IndexOf(key)]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
            {
                foreach (var dependent in _dependents[next])
                {
                    stack.Push(dependent);
                }
            }
        }

        return seen.Select(i => _nodes[i].Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The same nodes with every edge turned around: each node depends on its former dependents.
    /// This is the order of a destroy: nothing is deleted while something still uses it.
    /// </summary>
    public ResourceGraph Reverse() =>
        new(_nodes.Select((node, i) => node with { DependsOn = [.. _dependents[i].Select(d => _nodes[d].Key)] }));

    internal int IndexOf(string key) =>
        _indexByKey.TryGetValue(key, out var index) ? index : throw new KeyNotFoundException($"The graph has no node '{key}'.");

    internal ResourceNode NodeAt(int index) => _nodes[index];

    internal int[] DependencyIndices(int index) => _dependencies[index];

    internal int[] DependentIndices(int index) => _dependents[index];

    /// <summary>Kahn's algorithm, O(nodes + edges); it is also the cycle check.</summary>
    private ResourceNode[] SortTopologically()
    {
        var alreadySorted = true;
        for (var i = 0; i < _nodes.Length && alreadySorted; i++)
        {
            alreadySorted = _dependencies[i].All(d => d < i);
        }

        if (alreadySorted)
        {
            return _nodes;
        }

        var remaining = _dependencies.Select(d => d.Length).ToArray();
        var ready = new Queue<int>(Enumerable.Range(0, _nodes.Length).Where(i => remaining[i] == 0));
        var order = new List<ResourceNode>(_nodes.Length);
        while (ready.Count > 0)
        {
            var next = ready.Dequeue();
            order.Add(_nodes[next]);
            foreach (var dependent in _dependents[next])
            {
                if (--remaining[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        if (order.Count < _nodes.Length)
        {
            var cyclic = Enumerable.Range(0, _nodes.Length).Where(i => remaining[i] > 0).Select(i => _nodes[i].Key);
            throw new ArgumentException($"The dependencies form a cycle through: {string.Join(", ", cyclic)}.");
        }

        return [.. order];
    }

    /// <summary>Dilworth: the largest antichain has as many nodes as the fewest chains covering the order, n − maximum matching.</summary>
    private int ComputeWidth()
    {
        var n = _nodes.Length;
        var words = (n + 63) / 64;
        var reach = new ulong[n][];
        for (var t = n - 1; t >= 0; t--)
        {
            var i = IndexOf(_topological[t].Key);
            var bits = new ulong[words];
            foreach (var dependent in _dependents[i])
            {
                bits[dependent / 64] |= 1UL << (dependent % 64);
                var further = reach[dependent];
                for (var w = 0; w < words; w++)
                {
                    bits[w] |= further[w];
                }
            }

            reach[i] = bits;
        }

        var matchOfRight = new int[n];
        Array.Fill(matchOfRight, -1);
        var matched = 0;
        for (var left = 0; left < n; left++)
        {
            var visited = new bool[n];
            if (TryAugment(left, reach, matchOfRight, visited))
            {
                matched++;
            }
        }

        return n - matched;
    }

    private static bool TryAugment(int left, ulong[][] reach, int[] matchOfRight, bool[] visited)
    {
        var bits = reach[left];
        for (var right = 0; right < matchOfRight.Length; right++)
        {
            if ((bits[right / 64] & (1UL << (right % 64))) == 0 || visited[right])
            {
                continue;
            }

            visited[right] = true;
            if (matchOfRight[right] < 0 || TryAugment(matchOfRight[right], reach, matchOfRight, visited))
            {
                matchOfRight[right] = left;
                return true;
            }
        }

        return false;
    }
}
