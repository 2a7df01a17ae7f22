using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Web.Components.Shared;

/// <summary>A node of the resource graph picture.</summary>
/// <param name="Action">In a diff plan's picture: what the change does to the node (drawn instead of its state).</param>
public sealed record GraphNode(string Key, ResourceKind Kind, IReadOnlyList<string> DependsOn, ResourceState State, PlanAction? Action = null)
{
    /// <summary>The second line of the node's box.</summary>
    public string Detail => Action is { } action ? $"{Labels.Of(Kind)} · {ActionText(action)}" : $"{Labels.Of(Kind)} · {Labels.Of(State)}";

    /// <summary>How a diff plan's action reads in the picture and its legend.</summary>
    public static string ActionText(PlanAction action) => action switch
    {
        PlanAction.Create => "create",
        PlanAction.Update => "update in place",
        PlanAction.Replace => "replace",
        PlanAction.Delete => "delete",
        _ => "no change",
    };
}

/// <summary>Where a node sits: its column is its dependency depth, its row its place in that column (or, drawn tall, its place in the list).</summary>
public sealed record PlacedNode(GraphNode Node, int Column, int Row, double X, double Y);

/// <summary>A laid-out graph: the nodes, the width every box gets (wide enough for the longest label), the picture's size.</summary>
public sealed record GraphPlacement(IReadOnlyList<PlacedNode> Nodes, double NodeWidth, double Width, double Height, bool Tall);

/// <summary>
/// Lays a dependency graph out by depth (a node sits one step past its deepest dependency). Wide: columns
/// left to right, arrows in the order things are created. Tall, for a phone: one node per line, indented
/// by depth, so the picture stays narrow and its text full size. Boxes are as wide as their longest label,
/// so no label is cut.
/// </summary>
public static class GraphLayout
{
    public const double MinNodeWidth = 176;
    public const double NodeHeight = 46;
    public const double ColumnGap = 64;
    public const double RowGap = 18;
    public const double TallRowGap = 10;
    public const double Indent = 18;
    public const double Margin = 12;

    /// <summary>Left padding of the labels inside a box, and as much again on the right.</summary>
    public const double LabelPadding = 10;

    // Generous per-character widths of the dashboard's sans-serif at the label sizes (13 px bold, 11 px).
    private const double KeyCharWidth = 8.2;
    private const double DetailCharWidth = 6.6;

    public static GraphPlacement Place(IReadOnlyList<GraphNode> nodes, bool tall = false)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var depths = Depths(nodes);
        var width = Math.Max(MinNodeWidth, nodes.Select(LabelWidth).DefaultIfEmpty(0).Max() + (2 * LabelPadding));
        var placed = new List<PlacedNode>(nodes.Count);
        if (tall)
        {
            var line = 0;
            foreach (var node in nodes.OrderBy(n => depths[n.Key]))
            {
                var depth = depths[node.Key];
                placed.Add(new PlacedNode(node, depth, line, Margin + (depth * Indent), Margin + (line * (NodeHeight + TallRowGap))));
                line++;
            }

            return new GraphPlacement(
                placed,
                width,
                placed.Count == 0 ? 0 : placed.Max(p => p.X) + width + Margin,
                placed.Count == 0 ? 0 : (placed.Count * (NodeHeight + TallRowGap)) - TallRowGap + (2 * Margin),
                Tall: true);
        }

        foreach (var column in nodes.GroupBy(n => depths[n.Key]).OrderBy(g => g.Key))
        {
            var row = 0;
            foreach (var node in column)
            {
                placed.Add(new PlacedNode(node, column.Key, row, Margin + (column.Key * (width + ColumnGap)), Margin + (row * (NodeHeight + RowGap))));
                row++;
            }
        }

        return new GraphPlacement(
            placed,
            width,
            placed.Count == 0 ? 0 : ((placed.Max(p => p.Column) + 1) * (width + ColumnGap)) - ColumnGap + (2 * Margin),
            placed.Count == 0 ? 0 : ((placed.Max(p => p.Row) + 1) * (NodeHeight + RowGap)) - RowGap + (2 * Margin),
            Tall: false);
    }

    /// <summary>How wide the longer of a node's two labels draws.</summary>
    public static double LabelWidth(GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Math.Max(node.Key.Length * KeyCharWidth, node.Detail.Length * DetailCharWidth);
    }

    private static Dictionary<string, int> Depths(IReadOnlyList<GraphNode> nodes)
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

        foreach (var node in nodes)
        {
            DepthOf(node.Key, 0);
        }

        return depth;
    }
}
