using Kund.Domain.Cost;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// What the wizard shows of a spec before anything is stored: the graph the spec makes (for the route
/// tables it will create) and, once the spec is valid, the plan and its monthly cost. Built here, beside
/// the planner, so that pages never rebuild the graph themselves.
/// </summary>
public sealed record SpecPreview(ResourceGraph? Graph, Plan? Plan, CostEstimate? Cost)
{
    public static SpecPreview None { get; } = new(null, null, null);

    /// <summary>The route tables the graph creates, in graph order; empty while the spec makes no graph.</summary>
    public IReadOnlyList<RouteTableDesired> RouteTables =>
        Graph is null ? [] : [.. Graph.Nodes.Select(n => n.Desired).OfType<RouteTableDesired>()];

    public static SpecPreview Of(SpecCheck check, CloudCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(check);
        ResourceGraph graph;
        try
        {
            graph = ResourceGraphBuilder.Build(check.EffectiveSpec);
        }
        catch (ArgumentException)
        {
            // The spec cannot make a graph yet (its errors say why, at their fields).
            return None;
        }

        return check.Result.IsValid
            ? new SpecPreview(graph, new Planner().PlanCreate(graph, []), CostEstimator.Estimate(check.EffectiveSpec, catalog))
            : new SpecPreview(graph, null, null);
    }
}
