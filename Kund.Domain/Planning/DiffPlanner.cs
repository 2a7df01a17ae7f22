using System.Text.Json;
using Kund.Domain.Drift;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Planning;

/// <summary>
/// The plan of a change: compares the desired graph of a new revision with the graph that was applied and
/// what the database recorded (ids, states), node by node — <c>create</c>, <c>update</c> in place,
/// <c>replace</c> (naming the attribute that forces it, <see cref="ReplacementRules"/>), <c>delete</c> or
/// <c>noop</c> — with every changed attribute's before and after.
/// </summary>
/// <remarks>
/// Generic over the graph: a node's attributes are the properties of its desired record as JSON, so a new
/// kind of node is diffed without being taught here. Work comes first in the desired graph's order (new
/// resources and repointed ones), deletions last, each after whatever used to depend on it and after the
/// new nodes that take over its place — new gateways before old ones go, so no route is ever missing.
/// </remarks>
public sealed class DiffPlanner(LatencyModel latency)
{
    /// <summary>What a reference to a resource that is replaced becomes.</summary>
    public const string KnownAfterApply = "(known after apply)";

    public DiffPlanner()
        : this(LatencyModel.Default)
    {
    }

    /// <summary>
    /// The change from the <paramref name="applied"/> spec to the <paramref name="desired"/> one (both effective);
    /// <paramref name="reconcile"/>: drift items to put back (a reconcile revision's items).
    /// </summary>
    public Plan PlanChange(EnvironmentSpec applied, EnvironmentSpec desired, IReadOnlyCollection<RecordedResource> recorded, IReadOnlyCollection<DriftItem>? reconcile = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(desired);
        return PlanChange(ResourceGraphBuilder.Build(applied), ResourceGraphBuilder.Build(desired), recorded, applied.Tags, desired.Tags, reconcile);
    }

    /// <summary>
    /// The change from the <paramref name="applied"/> graph to the <paramref name="desired"/> one; the spec's
    /// tags, which every taggable resource carries, are compared as the attribute <c>tags</c>. A node named by
    /// a <paramref name="reconcile"/> item is updated in place even when the graphs agree on it: each item is a
    /// change from the cloud's value (before) back to the applied one (after), which the driver's update converges.
    /// </summary>
    public Plan PlanChange(
        ResourceGraph applied,
        ResourceGraph desired,
        IReadOnlyCollection<RecordedResource> recorded,
        IReadOnlyDictionary<string, string>? appliedTags = null,
        IReadOnlyDictionary<string, string>? desiredTags = null,
        IReadOnlyCollection<DriftItem>? reconcile = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        var states = recorded.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var tagsBefore = TagsText(appliedTags);
        var tagsAfter = TagsText(desiredTags);
        var actions = new List<PlannedAction>();
        var byKey = new Dictionary<string, PlannedAction>(StringComparer.Ordinal);
        var forced = (reconcile ?? []).ToLookup(i => i.Key, StringComparer.Ordinal);

        foreach (var node in desired.TopologicalOrder)
        {
            var action = DiffNode(node, applied.TryGetNode(node.Key, out var before) ? before : null, states.GetValueOrDefault(node.Key), byKey, tagsBefore, tagsAfter, [.. forced[node.Key]]);
            actions.Add(action);
            byKey[action.Key] = action;
        }

        foreach (var node in applied.TopologicalOrder.Reverse().Where(n => !desired.Contains(n.Key)))
        {
            var action = DeleteOf(node, applied, desired, states.GetValueOrDefault(node.Key), byKey);
            actions.Add(action);
            byKey[action.Key] = action;
        }

        var summary = new PlanSummary(
            actions.Count(a => a.Action is PlanAction.Create or PlanAction.Replace),
            actions.Count(a => a.Action == PlanAction.Update),
            actions.Count(a => a.Action is PlanAction.Delete or PlanAction.Replace));
        var (path, makespan) = Planner.LongestPath(latency, actions);
        var criticalPath = path.Where(key => byKey[key].Action != PlanAction.Noop).ToList();
        var text = DiffPlanText.Render(actions, desired, applied, states, summary);
        return new Plan(summary, actions, criticalPath, text, PlanDot.Render(actions, path)) { EstimatedMakespan = makespan };
    }

    /// <summary>The desired record's properties as compact JSON texts, by their camelCase names.</summary>
    public static IReadOnlyList<(string Name, string Value)> AttributesOf(ResourceDesired desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(desired, desired.GetType(), KundJson.Options));
        return [.. document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText()))];
    }

    private static PlannedAction DiffNode(
        ResourceNode node,
        ResourceNode? before,
        RecordedResource? recorded,
        Dictionary<string, PlannedAction> planned,
        string tagsBefore,
        string tagsAfter,
        IReadOnlyList<DriftItem> putBack)
    {
        // Missing in the cloud (a reconcile item): made again under the same key; what refers to it by id follows.
        if (recorded is { State: ResourceState.Created, Resource: { } gone } && before is not null && putBack.Any(i => i.Attribute == DriftItem.Exists))
        {
            return new PlannedAction(node.Key, node.Kind, PlanAction.Create, node.DependsOn, $"missing in the cloud ({gone.CloudId} is gone): create it again") { Recreates = true };
        }

        if (recorded is not { State: ResourceState.Created, Resource: { } resource })
        {
            var reason = (before, recorded) switch
            {
                (null, null or { State: ResourceState.Pending }) => "new in this revision",
                (_, { State: ResourceState.Creating }) => "creation was interrupted: look it up, create it if missing",
                (_, { State: ResourceState.Failed }) => "the last attempt failed: try again",
                (_, { State: ResourceState.Deleting or ResourceState.Deleted }) => "was deleted: create it again",
                _ => "not created yet",
            };
            return new PlannedAction(node.Key, node.Kind, PlanAction.Create, node.DependsOn, reason);
        }

        // Created by an interrupted change of this revision: already what it should be.
        if (before is null)
        {
            return new PlannedAction(node.Key, node.Kind, PlanAction.Noop, node.DependsOn, $"already created ({resource.CloudId})");
        }

        var changes = new List<PlannedChange>();
        if (before.Desired.GetType() != node.Desired.GetType())
        {
            changes.Add(new PlannedChange("kind", before.Kind.ToString(), node.Kind.ToString(), true));
        }
        else
        {
            var old = AttributesOf(before.Desired).ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
            foreach (var (name, value) in AttributesOf(node.Desired))
            {
                var was = old.GetValueOrDefault(name);
                if (was != value)
                {
                    changes.Add(new PlannedChange(name, was, value, ReplacementRules.ForcesReplacement(node.Desired, name, was, value)));
                }
            }
        }

        // A dependency replaced (or made again, being missing) is a new id: what refers to it changes too, and
        // what lives in it (a subnet in its VPC) is replaced with it.
        foreach (var dependency in node.DependsOn.Where(d => planned.TryGetValue(d, out var a) && (a.Action == PlanAction.Replace || a.Recreates)))
        {
            var quoted = JsonSerializer.Serialize(dependency);
            var referring = AttributesOf(node.Desired).Where(a => a.Value.Contains(quoted, StringComparison.Ordinal)).ToList();
            if (referring.Count == 0)
            {
                changes.Add(new PlannedChange($"in {dependency}", quoted, KnownAfterApply, true));
            }

            foreach (var (name, value) in referring.Where(a => changes.All(c => c.Attribute != a.Name)))
            {
                changes.Add(new PlannedChange(name, value, KnownAfterApply, ReplacementRules.ForcesReplacement(node.Desired, name, value, value)));
            }
        }

        if (tagsBefore != tagsAfter && ReplacementRules.HasInPlaceUpdate(node.Desired))
        {
            changes.Add(new PlannedChange("tags", tagsBefore, tagsAfter, false));
        }

        // Drift to put back: the cloud's value before, the applied one after, in place.
        foreach (var item in putBack.Where(i => changes.All(c => c.Attribute != i.Attribute)))
        {
            changes.Add(new PlannedChange(item.Attribute, Quoted(item.Actual), Quoted(item.Expected), false));
        }

        if (changes.Count == 0)
        {
            return new PlannedAction(node.Key, node.Kind, PlanAction.Noop, node.DependsOn, $"unchanged ({resource.CloudId})");
        }

        var forcing = changes.Where(c => c.ForcesReplacement).Select(c => c.Attribute).ToList();
        return forcing.Count > 0
            ? new PlannedAction(node.Key, node.Kind, PlanAction.Replace, node.DependsOn, $"{string.Join(", ", forcing)} cannot change in place: replace {resource.CloudId}") { Changes = changes }
            : new PlannedAction(node.Key, node.Kind, PlanAction.Update, node.DependsOn, $"update {resource.CloudId} in place: {string.Join(", ", changes.Select(c => c.Attribute))}") { Changes = changes };
    }

    private static PlannedAction DeleteOf(ResourceNode node, ResourceGraph applied, ResourceGraph desired, RecordedResource? recorded, Dictionary<string, PlannedAction> planned)
    {
        // After what used to need it, and after the new nodes that share its dependencies (who take its place).
        var oldDependencies = node.DependsOn.ToHashSet(StringComparer.Ordinal);
        var after = applied.DependentsOf(node.Key)
            .Concat(desired.Nodes.Where(n => n.DependsOn.Any(oldDependencies.Contains)).Select(n => n.Key))
            .Where(key => planned.TryGetValue(key, out var a) && a.Action != PlanAction.Noop)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return recorded switch
        {
            { State: ResourceState.Deleted } => new PlannedAction(node.Key, node.Kind, PlanAction.Noop, after, "already deleted"),
            { Resource: { } resource } => new PlannedAction(node.Key, node.Kind, PlanAction.Delete, after, $"not in this revision: delete {resource.CloudId}"),
            _ => new PlannedAction(node.Key, node.Kind, PlanAction.Noop, after, "not in this revision, and nothing was created for it"),
        };
    }

    private static string? Quoted(string? value) => value is null ? null : JsonSerializer.Serialize(value, KundJson.Options);

    private static string TagsText(IReadOnlyDictionary<string, string>? tags) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>((tags ?? new Dictionary<string, string>()).ToDictionary(), StringComparer.Ordinal));
}
