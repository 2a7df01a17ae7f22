using Kund.Domain.Drift;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Drift;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Drift;

/// <summary>Which drift an accept takes into the spec (<see cref="DriftActions.Accept"/>), and how a reconcile's items plan.</summary>
public class DriftAcceptTests
{
    private static readonly EnvironmentSpec Spec = SeedSpecs.Payments("accept") is var spec
        ? spec with
        {
            Cluster = spec.Cluster! with
            {
                Compute = new ComputeSpec { NodeGroups = [new NodeGroupSpec { Name = "general", MinSize = 1, DesiredSize = 2, MaxSize = 3 }] },
                Addons = [new AddonSpec { Name = "coredns", Version = "v1.11.1-eksbuild.1" }],
            },
        }
        : null!;

    [Fact]
    public void Accept_ScalingEndpointAndAddonVersion_SpecTakesTheCloudsValues()
    {
        var (accepted, refused) = DriftActions.Accept(Spec, [
            new DriftItem("nodegroup/general", ResourceKind.EksNodeGroup, "scaling.desiredSize", "2", "3", DriftSeverity.Functional),
            new DriftItem(ResourceKeys.Cluster, ResourceKind.EksCluster, "publicAccessCidrs", "0.0.0.0/0", "198.51.100.0/24,203.0.113.0/24", DriftSeverity.Functional),
            new DriftItem(ResourceKeys.Cluster, ResourceKind.EksCluster, "endpointPrivateAccess", "false", "true", DriftSeverity.Functional),
            new DriftItem("addon/coredns", ResourceKind.EksAddon, "addonVersion", "v1.11.1-eksbuild.1", "v1.11.3-eksbuild.2", DriftSeverity.Functional),
        ]);

        Assert.Empty(refused);
        Assert.Equal(3, accepted.Cluster!.Compute!.NodeGroups![0].DesiredSize);
        Assert.Equal(["198.51.100.0/24", "203.0.113.0/24"], accepted.Cluster.PublicAccessCidrs);
        Assert.True(accepted.Cluster.EndpointPrivateAccess);
        Assert.Equal("v1.11.3-eksbuild.2", accepted.Cluster.Addons![0].Version);
    }

    [Fact]
    public void Accept_TagRouteOrMissingResource_RefusedEachWithItsReason()
    {
        var (_, refused) = DriftActions.Accept(Spec, [
            new DriftItem("subnet/public-a", ResourceKind.Subnet, "tags.cost-center", "1234", "9999", DriftSeverity.Cosmetic),
            new DriftItem(ResourceKeys.PrivateRouteTable, ResourceKind.RouteTable, "routes[0.0.0.0/0]", "nat/a", null, DriftSeverity.Functional),
            DriftItem.Missing("igw", ResourceKind.InternetGateway, "igw-1"),
        ]);

        Assert.Equal(["subnet/public-a tags.cost-center", "rtb/private routes[0.0.0.0/0]", "igw exists"], refused.Select(r => $"{r.Key} {r.Attribute}"));
        Assert.Contains("tag on one resource", refused[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no field for RouteTable", refused[1].Reason, StringComparison.Ordinal);
        Assert.Contains("missing", refused[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanChange_SameSpecWithReconcileItems_UpdatesOnlyThoseNodesCloudBeforeAppliedAfter()
    {
        var spec = Kund.Tests.Domain.Planning.TestSpecs.Effective();
        var graph = ResourceGraphBuilder.Build(spec);
        var recorded = graph.Nodes.Select(n => new RecordedResource(n.Key, ResourceState.Created, new CloudResource($"id-{n.Key}", null, new Dictionary<string, string>()))).ToList();
        var subnet = graph.Nodes.First(n => n.Kind == ResourceKind.Subnet).Key;
        var item = new DriftItem(subnet, ResourceKind.Subnet, "tags.cost-center", "1234", "9999", DriftSeverity.Cosmetic);

        var quiet = new DiffPlanner().PlanChange(spec, spec, recorded);
        var plan = new DiffPlanner().PlanChange(spec, spec, recorded, [item]);

        Assert.Equal(new PlanSummary(0, 0, 0), quiet.Summary);
        Assert.Equal(new PlanSummary(0, 1, 0), plan.Summary);
        var update = Assert.Single(plan.Actions, a => a.Action != PlanAction.Noop);
        Assert.Equal((subnet, PlanAction.Update), (update.Key, update.Action));
        Assert.Equal(new PlannedChange("tags.cost-center", "\"9999\"", "\"1234\"", false), Assert.Single(update.Changes));
        Assert.Contains("~ update in-place", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanChange_MissingNatGateway_CreatedAgainAndTheRouteTableThatRoutesToItUpdated()
    {
        var spec = Kund.Tests.Domain.Planning.TestSpecs.Effective();
        var graph = ResourceGraphBuilder.Build(spec);
        var recorded = graph.Nodes.Select(n => new RecordedResource(n.Key, ResourceState.Created, new CloudResource($"id-{n.Key}", null, new Dictionary<string, string>()))).ToList();
        var nat = graph.Nodes.First(n => n.Kind == ResourceKind.NatGateway);
        var routing = graph.Nodes.Where(n => n.Kind == ResourceKind.RouteTable && ((RouteTableDesired)n.Desired).Routes.Any(r => r.TargetKey == nat.Key)).Select(n => n.Key).ToList();
        Assert.NotEmpty(routing);

        var plan = new DiffPlanner().PlanChange(spec, spec, recorded, [DriftItem.Missing(nat.Key, nat.Kind, $"id-{nat.Key}")]);

        var created = Assert.Single(plan.Actions, a => a.Action == PlanAction.Create);
        Assert.Equal(nat.Key, created.Key);
        Assert.True(created.Recreates);
        Assert.Contains($"id-{nat.Key} is gone", created.Reason, StringComparison.Ordinal);
        var updated = plan.Actions.Where(a => a.Action == PlanAction.Update).ToList();
        Assert.Equal(routing.Order(StringComparer.Ordinal), updated.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.All(updated, a => Assert.Contains(a.Changes, c => c.Attribute == "routes" && c.After == DiffPlanner.KnownAfterApply && !c.ForcesReplacement));
        Assert.DoesNotContain(plan.Actions, a => a.Action is PlanAction.Replace or PlanAction.Delete);
        Assert.Equal(new PlanSummary(1, routing.Count, 0), plan.Summary);
    }
}
