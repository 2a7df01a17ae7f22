using Kund.Domain.Resources;

namespace Kund.Web.Components.Shared;

/// <summary>A node of the resource graph picture.</summary>
public sealed record GraphNode(string Key, ResourceKind Kind, IReadOnlyList<string> DependsOn, ResourceState State);

/// <summary>Where a node sits: its column is its dependency depth, its row its place in that column.</summary>
public sealed record PlacedNode(GraphNode Node, int Column, int Row, double X, double Y);

/// <summary>
/// Lays a dependency graph out in columns by depth (a node sits one column right of its deepest
/// dependency), so arrows always run left to right in the order things are created.
/// </summary>
public static class GraphLayout
{
    public const double NodeWidth = 176;
    public const double NodeHeight = 46;
    public const double ColumnGap = 64;
    public const double RowGap = 18;
    public const double Margin = 12;

    public static IReadOnlyList<PlacedNode> Place(IReadOnlyList<GraphNode> nodes)
    {
        var byKey = nodes.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);

        int DepthOf(string key, int guard)
        {
            if (depth.TryGetValue(key, out var known))
            {
                return known;
            }

            // The graph is acyclic; the guard only stops a malformed one from recursing forever.
            var d = guard > nodes.Count ? 0 : byKey[key].DependsOn.Where(byKey.ContainsKey).Select(k => DepthOf(k, guard + 1) + 1).DefaultIfEmpty(0).Max();
            depth[key] = d;
            return d;
        }

        var placed = new List<PlacedNode>(nodes.Count);
        foreach (var column in nodes.GroupBy(n => DepthOf(n.Key, 0)).OrderBy(g => g.Key))
        {
            var row = 0;
            foreach (var node in column)
            {
                placed.Add(new PlacedNode(node, column.Key, row, Margin + (column.Key * (NodeWidth + ColumnGap)), Margin + (row * (NodeHeight + RowGap))));
                row++;
            }
        }

        return placed;
    }

    public static double Width(IReadOnlyList<PlacedNode> placed) =>
        placed.Count == 0 ? 0 : (placed.Max(p => p.Column) + 1) * (NodeWidth + ColumnGap) - ColumnGap + (2 * Margin);

    public static double Height(IReadOnlyList<PlacedNode> placed) =>
        placed.Count == 0 ? 0 : (placed.Max(p => p.Row) + 1) * (NodeHeight + RowGap) - RowGap + (2 * Margin);
}
