using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// The graph a change run walks: one node per action of the diff plan, with the plan's order as its edges.
/// A node of the new revision keeps its data dependencies; a node that goes keeps its applied shape and waits
/// for what the plan puts before it (its old dependents, and the new nodes that take over its place).
/// </summary>
public static class ChangeGraph
{
    public static (ResourceGraph Graph, ChangeSet Change) Build(Plan plan, ResourceGraph applied, ResourceGraph desired, int revision)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(desired);
        var nodes = new List<ResourceNode>(plan.Actions.Count);
        var actions = new Dictionary<string, PlanAction>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, ResourceDesired>(StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            nodes.Add(desired.TryGetNode(action.Key, out var wanted)
                ? wanted
                : applied[action.Key] with { DependsOn = action.DependsOn });
            actions[action.Key] = action.Action;
            if (applied.TryGetNode(action.Key, out var before))
            {
                shapes[action.Key] = before.Desired;
            }
        }

        return (new ResourceGraph(nodes), new ChangeSet(revision, actions, shapes));
    }
}
