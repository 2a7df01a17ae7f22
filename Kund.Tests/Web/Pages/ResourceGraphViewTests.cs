using System.Globalization;
using Bunit;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Tests.Support;
using Kund.Web.Components.Shared;

namespace Kund.Tests.Web.Pages;

/// <summary>The graph picture: whole labels in boxes wide enough for them, and a narrow drawing for a phone.</summary>
public sealed class ResourceGraphViewTests : PageTest
{
    // Lower bounds of the label widths in the dashboard's sans-serif: 13 px bold keys, 11 px details.
    private const double KeyCharWidth = 7.0;
    private const double DetailCharWidth = 5.8;

    public ResourceGraphViewTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Render_LongLabels_NotCutAndInsideTheirBoxes()
    {
        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Creating)));

        foreach (var node in cut.FindAll("[data-testid=resource-graph] .kund-node"))
        {
            var key = node.GetAttribute("data-key")!;
            var width = double.Parse(node.QuerySelector("rect")!.GetAttribute("width")!, CultureInfo.InvariantCulture);
            var keyText = node.QuerySelector(".kund-node-key")!.TextContent;
            var detail = node.QuerySelector(".kund-node-detail")!.TextContent;
            Assert.Equal(key, keyText);
            Assert.True(width >= (keyText.Length * KeyCharWidth) + 10, $"{key}: a {width} px box for a {keyText.Length}-character key");
            Assert.True(width >= (detail.Length * DetailCharWidth) + 10, $"{key}: a {width} px box for \"{detail}\"");
        }
    }

    [Fact]
    public void Render_Statuses_ReadAsWords()
    {
        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Creating)));

        var detail = cut.Find($"[data-testid=resource-graph] [data-key='{ResourceKeys.ClusterRolePolicy}'] .kund-node-detail").TextContent;
        Assert.Equal("IAM policy attachment · Creating", detail);
    }

    [Fact]
    public void Render_TallDrawing_FitsAPhoneAtFullSize()
    {
        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Pending)));

        var tall = cut.Find("[data-testid=resource-graph-tall] svg");
        var width = double.Parse(tall.GetAttribute("width")!, CultureInfo.InvariantCulture);

        // A 390 px phone with the page's padding leaves about 350 px: drawn at that width, text keeps its size.
        Assert.InRange(width, 1, 360);
        Assert.Equal(cut.FindAll("[data-testid=resource-graph] .kund-node").Count, tall.QuerySelectorAll(".kund-node").Length);
    }

    [Fact]
    public void Render_DiffPlanActions_EachNodeMarkedAndTheLegendNamesThem()
    {
        // The seed's graph with every action of a diff plan somewhere on it, round-robin over the nodes.
        var actions = Enum.GetValues<PlanAction>();
        var nodes = SeedNodes(ResourceState.Created).Select((n, i) => n with { Action = actions[i % actions.Length] }).ToList();

        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, nodes));

        foreach (var node in nodes)
        {
            var g = cut.Find($"[data-testid=resource-graph] [data-key='{node.Key}']");
            var action = node.Action!.Value;
            Assert.Equal(action.ToString().ToLowerInvariant(), g.GetAttribute("data-action"));
            Assert.Equal(ResourceGraphView.ActionColours(action).Fill, g.QuerySelector("rect")!.GetAttribute("fill"));
            Assert.EndsWith(" · " + GraphNode.ActionText(action), g.QuerySelector(".kund-node-detail")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(action == PlanAction.Delete, g.QuerySelector("rect")!.HasAttribute("stroke-dasharray"));
        }

        Assert.Equal(5, actions.Select(a => ResourceGraphView.ActionColours(a).Fill).Distinct().Count());
        Assert.Equal(["create", "update", "replace", "delete", "noop"], cut.FindAll("[data-testid=graph-legend-action]").Select(e => e.GetAttribute("data-action")));
        Assert.Equal(nodes.Count, cut.FindAll("[data-testid=resource-graph-tall] [data-action]").Count);
    }

    [Fact]
    public void Render_LiveStates_NoActionMarksAndTheStateLegend()
    {
        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Created)));

        Assert.Empty(cut.FindAll("[data-testid=resource-graph] [data-action]"));
        Assert.Empty(cut.FindAll("[data-testid=graph-legend-action]"));
        Assert.All(cut.FindAll("[data-testid=resource-graph] .kund-node rect"), r => Assert.Equal(ResourceGraphView.Colours(ResourceState.Created).Fill, r.GetAttribute("fill")));
    }

    [Fact]
    public void Render_SameNodesAgain_NotDrawnAgain_AChangedStateIs()
    {
        var critical = new[] { ResourceKeys.Vpc, ResourceKeys.Cluster };
        var cut = Render<ResourceGraphView>(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Creating)).Add(x => x.CriticalPath, critical));
        var drawn = cut.RenderCount;

        // What a page passes on each event: a new list of equal nodes, and a new but equal critical path.
        cut.Render(p => p.Add(x => x.Nodes, SeedNodes(ResourceState.Creating)).Add(x => x.CriticalPath, [.. critical]));
        Assert.Equal(drawn, cut.RenderCount);

        var vpcCreated = SeedNodes(ResourceState.Creating).Select(n => n.Key == ResourceKeys.Vpc ? n with { State = ResourceState.Created } : n).ToList();
        cut.Render(p => p.Add(x => x.Nodes, vpcCreated).Add(x => x.CriticalPath, critical));
        Assert.Equal(drawn + 1, cut.RenderCount);
        Assert.Equal("Created", cut.Find($"[data-testid=resource-graph] [data-key='{ResourceKeys.Vpc}']").GetAttribute("data-state"));

        cut.Render(p => p.Add(x => x.Nodes, vpcCreated).Add(x => x.CriticalPath, [ResourceKeys.Vpc]));
        Assert.Equal(drawn + 2, cut.RenderCount);
        Assert.Equal("false", cut.Find($"[data-testid=resource-graph] [data-key='{ResourceKeys.Cluster}']").GetAttribute("data-critical"));
    }

    private static List<GraphNode> SeedNodes(ResourceState state) =>
        [.. ResourceGraphBuilder.Build(SeedSpecs.Payments()).TopologicalOrder.Select(n => new GraphNode(n.Key, n.Kind, n.DependsOn, state))];
}
