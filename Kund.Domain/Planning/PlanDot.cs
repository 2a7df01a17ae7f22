using System.Globalization;
using System.Text;

namespace Kund.Domain.Planning;

/// <summary>
/// Renders a plan as Graphviz DOT: arrows point in execution order (dependency → dependent for a
/// create, the reverse for a destroy), colours say the action, the critical path is drawn bold.
/// </summary>
internal static class PlanDot
{
    public static string Render(IReadOnlyList<PlannedAction> actions, IReadOnlyList<string> longestPath)
    {
        var critical = new HashSet<(string, string)>();
        for (var i = 1; i < longestPath.Count; i++)
        {
            critical.Add((longestPath[i - 1], longestPath[i]));
        }

        var dot = new StringBuilder();
        dot.AppendLine("digraph plan {");
        dot.AppendLine("  rankdir=LR;");
        dot.AppendLine("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];");
        dot.AppendLine("  edge [color=\"#777777\"];");
        foreach (var action in actions)
        {
            var (fill, line, style) = action.Action switch
            {
                PlanAction.Create => ("#d8f3dc", "#2d6a4f", "rounded,filled"),
                PlanAction.Update => ("#fff3bf", "#e67700", "rounded,filled"),
                PlanAction.Replace => ("#ffe8cc", "#d9480f", "rounded,filled,bold"),
                PlanAction.Delete => ("#ffe3e3", "#c92a2a", "rounded,filled,bold"),
                PlanAction.Noop => ("#f1f3f5", "#adb5bd", "rounded,filled,dashed"),
            };
            var label = $"{action.Key}\\n{action.Kind} ({action.Action.ToString().ToLowerInvariant()})";
            dot.AppendLine(CultureInfo.InvariantCulture, $"  {Id(action.Key)} [label={Id(label, escapeBackslash: false)}, fillcolor=\"{fill}\", color=\"{line}\", style=\"{style}\"];");
        }

        foreach (var action in actions)
        {
            foreach (var before in action.DependsOn)
            {
                var attributes = critical.Contains((before, action.Key)) ? " [style=bold, penwidth=2.5, color=\"#c92a2a\"]" : "";
                dot.AppendLine(CultureInfo.InvariantCulture, $"  {Id(before)} -> {Id(action.Key)}{attributes};");
            }
        }

        dot.Append('}');
        return dot.ToString();
    }

    private static string Id(string value, bool escapeBackslash = true)
    {
        var escaped = escapeBackslash ? value.Replace("\\", "\\\\", StringComparison.Ordinal) : value;
        return $"\"{escaped.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }
}
