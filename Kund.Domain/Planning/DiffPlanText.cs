using System.Globalization;
using System.Text;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// A change plan the way terraform prints one: <c>+</c> created, <c>~</c> updated in-place, <c>-/+</c>
/// destroyed and then created as a replacement (the attribute that forces it marked
/// <c># forces replacement</c>), <c>-</c> destroyed; unchanged resources summed up in one line.
/// </summary>
internal static class DiffPlanText
{
    public static string Render(
        IReadOnlyList<PlannedAction> actions,
        ResourceGraph desired,
        ResourceGraph applied,
        IReadOnlyDictionary<string, RecordedResource> recorded,
        PlanSummary summary)
    {
        var text = new StringBuilder();
        var work = actions.Where(a => a.Action != PlanAction.Noop).ToList();
        if (work.Count == 0)
        {
            text.AppendLine("No changes. The environment matches this revision.");
        }
        else
        {
            text.AppendLine("Kund will change the environment as follows:");
            text.AppendLine("  + create");
            text.AppendLine("  ~ update in-place");
            text.AppendLine("  - destroy");
            text.AppendLine("-/+ destroy and then create replacement");
        }

        foreach (var action in work)
        {
            text.AppendLine();
            var cloudId = recorded.GetValueOrDefault(action.Key)?.Resource?.CloudId;
            switch (action.Action)
            {
                case PlanAction.Create:
                    Block(text, action, "will be created", "+", DiffPlanner.AttributesOf(desired[action.Key].Desired).Select(a => ("+", a.Name, a.Value, false)));
                    break;
                case PlanAction.Update:
                    Block(text, action, "will be updated in-place", "~", Changed(action, cloudId));
                    break;
                case PlanAction.Replace:
                    Block(text, action, "must be replaced", "-/+", Changed(action, cloudId));
                    break;
                case PlanAction.Delete:
                    Block(text, action, "will be destroyed", "-", Deleted(applied[action.Key].Desired, cloudId));
                    break;
                case PlanAction.Noop:
                    break;
            }
        }

        var unchanged = actions.Count(a => a.Action == PlanAction.Noop);
        if (unchanged > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"  # {unchanged} unchanged resources hidden");
        }

        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"Plan: {summary.Add} to add, {summary.Change} to change, {summary.Destroy} to destroy.");
        return text.ToString();
    }

    private static IEnumerable<(string Symbol, string Name, string Value, bool Forces)> Changed(PlannedAction action, string? cloudId)
    {
        if (cloudId is not null)
        {
            yield return (" ", "id", $"\"{cloudId}\"", false);
        }

        foreach (var change in action.Changes)
        {
            var symbol = (change.Before, change.After) switch
            {
                (null, _) => "+",
                (_, null) => "-",
                _ => "~",
            };
            yield return (symbol, change.Attribute, $"{change.Before ?? "null"} -> {change.After ?? "null"}", change.ForcesReplacement);
        }
    }

    private static IEnumerable<(string Symbol, string Name, string Value, bool Forces)> Deleted(ResourceDesired desired, string? cloudId) =>
        (cloudId is null ? [] : new[] { ("-", "id", $"\"{cloudId}\"", false) })
            .Concat(DiffPlanner.AttributesOf(desired).Select(a => ("-", a.Name, a.Value, false)));

    private static void Block(StringBuilder text, PlannedAction action, string headline, string symbol, IEnumerable<(string Symbol, string Name, string Value, bool Forces)> lines)
    {
        var rows = lines.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  # {action.Key} {headline}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{symbol.PadLeft(3)} resource \"{action.Kind}\" \"{action.Key}\" {{");
        var width = rows.Select(r => r.Name.Length).Append(10).Max();
        foreach (var (mark, name, value, forces) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {mark} {name.PadRight(width)} = {value}{(forces ? " # forces replacement" : "")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"        {"depends_on".PadRight(width)} = [{string.Join(", ", action.DependsOn)}]");
        text.AppendLine("    }");
    }
}
