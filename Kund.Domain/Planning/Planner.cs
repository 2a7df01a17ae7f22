using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// Turns a resource graph and what the database recorded about it into a plan. Recorded nodes make a
/// resumed run cheap: created ones are no-ops of a create plan, deleted ones no-ops of a destroy plan.
/// </summary>
public sealed class Planner(LatencyModel latency)
{
    public Planner()
        : this(LatencyModel.Default)
    {
    }

    /// <summary>Create everything not recorded as <see cref="ResourceState.Created"/>, dependencies first.</summary>
    public Plan PlanCreate(ResourceGraph graph, IReadOnlyCollection<RecordedResource> recorded)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var states = Index(recorded);
        var actions = graph.TopologicalOrder.Select(node => PlanCreateOf(node, states.GetValueOrDefault(node.Key))).ToList();
        return Assemble(graph, actions, destroy: false, states);
    }

    /// <summary>
    /// Delete every recorded resource not yet deleted, walking the reverse graph: the cluster first,
    /// each NAT gateway before its Elastic IP, route tables before the internet gateway and subnets, the VPC
    /// last; the edges a destroy does not reverse are <see cref="DestroyGraph.Ordering"/>'s.
    /// </summary>
    public Plan PlanDestroy(ResourceGraph graph, IReadOnlyCollection<RecordedResource> recorded)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var states = Index(recorded);
        var order = DestroyGraph.Ordering(graph);
        var actions = order.TopologicalOrder.Reverse()
            .Select(node => PlanDestroyOf(node, order.DependentsOf(node.Key), states.GetValueOrDefault(node.Key)))
            .ToList();
        return Assemble(graph, actions, destroy: true, states);
    }

    /// <summary>
    /// The longest path of <paramref name="plan"/> as if no node were a no-op: for a plan with nothing left
    /// to do (a Ready environment), the path that set how long the work took.
    /// </summary>
    public IReadOnlyList<string> FullCriticalPath(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return LongestPath(latency, [.. plan.Actions.Select(a => a.Action == PlanAction.Noop ? a with { Action = PlanAction.Create } : a)]).Path;
    }

    private static PlannedAction PlanCreateOf(ResourceNode node, RecordedResource? recorded)
    {
        var (action, reason) = recorded switch
        {
            { State: ResourceState.Created, Resource: { } resource } => (PlanAction.Noop, $"already created ({resource.CloudId})"),
            { State: ResourceState.Created } => (PlanAction.Create, "recorded as created without a cloud id: look it up, create it if missing"),
            { State: ResourceState.Creating, Resource: { } resource } => (PlanAction.Create, $"creation in progress ({resource.CloudId}): wait until ready"),
            { State: ResourceState.Creating } => (PlanAction.Create, "creation was interrupted: look it up, create it if missing"),
            { State: ResourceState.Failed } => (PlanAction.Create, "the last attempt failed: try again"),
            { State: ResourceState.Deleting or ResourceState.Deleted } => (PlanAction.Create, "was deleted: create it again"),
            _ => (PlanAction.Create, "not created yet"),
        };
        return new PlannedAction(node.Key, node.Kind, action, node.DependsOn, reason);
    }

    private static PlannedAction PlanDestroyOf(ResourceNode node, IReadOnlyList<string> dependents, RecordedResource? recorded)
    {
        var (action, reason) = recorded switch
        {
            { State: ResourceState.Deleted } => (PlanAction.Noop, "already deleted"),
            { Resource: { } resource } => (PlanAction.Delete, $"delete {resource.CloudId}"),
            _ => (PlanAction.Noop, "no cloud resource recorded: look it up by its tags and delete whatever is found"),
        };
        return new PlannedAction(node.Key, node.Kind, action, dependents, reason);
    }

    private static Dictionary<string, RecordedResource> Index(IReadOnlyCollection<RecordedResource> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var byKey = new Dictionary<string, RecordedResource>(StringComparer.Ordinal);
        foreach (var resource in recorded)
        {
            if (!byKey.TryAdd(resource.Key, resource))
            {
                throw new ArgumentException($"The node '{resource.Key}' is recorded twice.", nameof(recorded));
            }
        }

        return byKey;
    }

    private Plan Assemble(ResourceGraph graph, List<PlannedAction> actions, bool destroy, Dictionary<string, RecordedResource> states)
    {
        var summary = new PlanSummary(
            actions.Count(a => a.Action is PlanAction.Create or PlanAction.Replace),
            actions.Count(a => a.Action == PlanAction.Update),
            actions.Count(a => a.Action is PlanAction.Delete or PlanAction.Replace));
        var (path, makespan) = LongestPath(latency, actions);
        var byKey = actions.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var criticalPath = path.Where(key => byKey[key].Action != PlanAction.Noop).ToList();
        var text = PlanText.Render(graph, actions, summary, states, destroy);
        var dot = PlanDot.Render(actions, path);
        return new Plan(summary, actions, criticalPath, text, dot) { EstimatedMakespan = makespan };
    }

    /// <summary>
    /// The longest path by expected duration, no-ops weighing nothing; actions are in execution order,
    /// so one pass suffices. Ties go to the earlier dependency, which keeps the path stable.
    /// </summary>
    internal static (List<string> Path, TimeSpan Length) LongestPath(LatencyModel latency, IReadOnlyList<PlannedAction> actions)
    {
        var finish = new Dictionary<string, TimeSpan>(actions.Count, StringComparer.Ordinal);
        var previous = new Dictionary<string, string?>(actions.Count, StringComparer.Ordinal);
        string? last = null;
        foreach (var action in actions)
        {
            var start = TimeSpan.Zero;
            string? before = null;
            foreach (var dependency in action.DependsOn)
            {
                if (before is null || finish[dependency] > start)
                {
                    start = finish[dependency];
                    before = dependency;
                }
            }

            var duration = action.Action switch
            {
                PlanAction.Noop => TimeSpan.Zero,
                PlanAction.Delete => latency.DeleteDuration(action.Kind),
                PlanAction.Create or PlanAction.Update => latency.CreateDuration(action.Kind),
                PlanAction.Replace => latency.DeleteDuration(action.Kind) + latency.CreateDuration(action.Kind),
            };
            finish[action.Key] = start + duration;
            previous[action.Key] = before;
            if (last is null || finish[action.Key] > finish[last])
            {
                last = action.Key;
            }
        }

        var path = new List<string>();
        for (var key = last; key is not null; key = previous[key])
        {
            path.Add(key);
        }

        path.Reverse();
        return (path, last is null ? TimeSpan.Zero : finish[last]);
    }
}
