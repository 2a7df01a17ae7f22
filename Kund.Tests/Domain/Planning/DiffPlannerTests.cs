using CsCheck;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Tests.Domain.Planning;

public class DiffPlannerTests
{
    private readonly DiffPlanner _planner = new(LatencyModel.Default);

    [Fact]
    public void PlanChange_SingleToPerZoneNat_AddsTheGatewayItsAddressAndRouteTablesAndReplacesNothing()
    {
        var plan = _planner.PlanChange(TestSpecs.Seed(), TestSpecs.PerAz(), Applied(TestSpecs.Seed()));

        Assert.Equal(
            ["eip/ap-northeast-2b", "nat/ap-northeast-2b", "rtb/private/ap-northeast-2a", "rtb/private/ap-northeast-2b"],
            Keys(plan, PlanAction.Create));
        Assert.Equal(["rtb/private"], Keys(plan, PlanAction.Delete));
        Assert.Empty(Keys(plan, PlanAction.Replace));
        Assert.Empty(Keys(plan, PlanAction.Update));
        Assert.Equal(new PlanSummary(4, 0, 1), plan.Summary);
        Assert.EndsWith("Plan: 4 to add, 0 to change, 1 to destroy.", plan.Text, StringComparison.Ordinal);

        // The old table goes only once the new ones hold the private subnets.
        var delete = plan.Actions.Single(a => a.Key == "rtb/private");
        Assert.Contains("rtb/private/ap-northeast-2a", delete.DependsOn);
        Assert.Contains("rtb/private/ap-northeast-2b", delete.DependsOn);
    }

    [Fact]
    public void PlanChange_PerZoneBackToSingle_RemovesTheSecondGatewayBeforeItsAddress()
    {
        var plan = _planner.PlanChange(TestSpecs.PerAz(), TestSpecs.Seed(), Applied(TestSpecs.PerAz()));

        Assert.Equal(["rtb/private"], Keys(plan, PlanAction.Create));
        Assert.Equal(["eip/ap-northeast-2b", "nat/ap-northeast-2b", "rtb/private/ap-northeast-2a", "rtb/private/ap-northeast-2b"], Keys(plan, PlanAction.Delete));
        var order = plan.Actions.Select(a => a.Key).ToList();
        Assert.True(order.IndexOf("nat/ap-northeast-2b") < order.IndexOf("eip/ap-northeast-2b"));
        Assert.Contains("nat/ap-northeast-2b", plan.Actions.Single(a => a.Key == "eip/ap-northeast-2b").DependsOn);
        Assert.Contains("rtb/private/ap-northeast-2b", plan.Actions.Single(a => a.Key == "nat/ap-northeast-2b").DependsOn);
    }

    [Fact]
    public void PlanChange_SingleToRegional_NewGatewayFirstThenTheRouteThenTheOldGatewayAndItsAddress()
    {
        var plan = _planner.PlanChange(TestSpecs.Seed(), TestSpecs.Regional(), Applied(TestSpecs.Seed()));

        Assert.Equal(["nat/regional"], Keys(plan, PlanAction.Create));
        Assert.Equal(["rtb/private"], Keys(plan, PlanAction.Update));
        Assert.Equal(["eip/ap-northeast-2a", "nat/ap-northeast-2a"], Keys(plan, PlanAction.Delete));
        Assert.Empty(Keys(plan, PlanAction.Replace));
        Assert.EndsWith("Plan: 1 to add, 1 to change, 2 to destroy.", plan.Text, StringComparison.Ordinal);
        Assert.Contains("  # nat/regional will be created", plan.Text, StringComparison.Ordinal);

        // No moment without a route: the table moves to the new gateway once it exists, the old one goes after.
        var update = plan.Actions.Single(a => a.Key == "rtb/private");
        Assert.Contains("nat/regional", update.DependsOn);
        Assert.Contains("rtb/private", plan.Actions.Single(a => a.Key == "nat/ap-northeast-2a").DependsOn);
        Assert.Contains("nat/ap-northeast-2a", plan.Actions.Single(a => a.Key == "eip/ap-northeast-2a").DependsOn);
    }

    [Fact]
    public void PlanChange_RegionalToPerZone_TwoZonalGatewaysWithAddressesAndTheRegionalOneGoesLast()
    {
        var plan = _planner.PlanChange(TestSpecs.Regional(), TestSpecs.PerAz(), Applied(TestSpecs.Regional()));

        Assert.Equal(
            ["eip/ap-northeast-2a", "eip/ap-northeast-2b", "nat/ap-northeast-2a", "nat/ap-northeast-2b", "rtb/private/ap-northeast-2a", "rtb/private/ap-northeast-2b"],
            Keys(plan, PlanAction.Create));
        Assert.Equal(["nat/regional", "rtb/private"], Keys(plan, PlanAction.Delete));
        var order = plan.Actions.Select(a => a.Key).ToList();
        Assert.True(order.IndexOf("rtb/private") < order.IndexOf("nat/regional"));
        Assert.True(order.IndexOf("rtb/private/ap-northeast-2b") < order.IndexOf("rtb/private"));
    }

    [Fact]
    public void PlanChange_KubernetesVersion_UpdatesTheClusterInPlaceWithBeforeAndAfter()
    {
        var plan = _planner.PlanChange(TestSpecs.Seed(), WithVersion(TestSpecs.Seed(), "1.35"), Applied(TestSpecs.Seed()));

        var cluster = Assert.Single(plan.Actions, a => a.Action != PlanAction.Noop);
        Assert.Equal(PlanAction.Update, cluster.Action);
        Assert.Equal(new PlannedChange("kubernetesVersion", "\"1.34\"", "\"1.35\"", false), Assert.Single(cluster.Changes));
        Assert.Contains("  # eks will be updated in-place", plan.Text, StringComparison.Ordinal);
        Assert.Contains("~ update in-place", plan.Text, StringComparison.Ordinal);
        Assert.Contains("~ kubernetesVersion", plan.Text, StringComparison.Ordinal);
        Assert.EndsWith("Plan: 0 to add, 1 to change, 0 to destroy.", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanChange_SubnetCidr_ReplacesTheSubnetAndTheClusterInItNamingTheForcingAttribute()
    {
        var plan = _planner.PlanChange(TestSpecs.Seed(), WithSubnetCidr(TestSpecs.Seed(), "private-b", "10.3.64.0/20"), Applied(TestSpecs.Seed()));

        Assert.Equal(["eks", "subnet/private-b"], Keys(plan, PlanAction.Replace));
        Assert.Equal(["rtb/private"], Keys(plan, PlanAction.Update));
        var subnet = plan.Actions.Single(a => a.Key == "subnet/private-b");
        Assert.Equal(new PlannedChange("cidr", "\"10.3.48.0/20\"", "\"10.3.64.0/20\"", true), Assert.Single(subnet.Changes));
        Assert.Contains(plan.Actions.Single(a => a.Key == "eks").Changes, c => c is { Attribute: "subnetKeys", ForcesReplacement: true });
        Assert.Contains("-/+ resource \"Subnet\" \"subnet/private-b\" {", plan.Text, StringComparison.Ordinal);
        Assert.Contains("~ cidr       = \"10.3.48.0/20\" -> \"10.3.64.0/20\" # forces replacement", plan.Text, StringComparison.Ordinal);
        Assert.Equal(new PlanSummary(2, 1, 2), plan.Summary);
    }

    [Fact]
    public void PlanChange_Tags_UpdateEveryTaggableResourceAndNothingElse()
    {
        var changed = TestSpecs.Seed() with { Tags = new Dictionary<string, string> { ["cost-center"] = "9999" } };

        var plan = _planner.PlanChange(TestSpecs.Seed(), changed, Applied(TestSpecs.Seed()));

        Assert.Equal(["role/policy"], Keys(plan, PlanAction.Noop));
        Assert.All(plan.Actions.Where(a => a.Key != "role/policy"), a => Assert.Equal("tags", Assert.Single(a.Changes).Attribute));
    }

    [Fact]
    public void PlanChange_InterruptedChange_CreatesWhatIsMissingAndKeepsWhatItMade()
    {
        var recorded = Applied(TestSpecs.Seed())
            .Append(new RecordedResource("eip/ap-northeast-2b", ResourceState.Created, new CloudResource("eipalloc-2")))
            .Append(new RecordedResource("nat/ap-northeast-2b", ResourceState.Creating, new CloudResource("nat-2")))
            .ToList();

        var plan = _planner.PlanChange(TestSpecs.Seed(), TestSpecs.PerAz(), recorded);

        Assert.Equal(PlanAction.Noop, plan.Actions.Single(a => a.Key == "eip/ap-northeast-2b").Action);
        Assert.Equal(PlanAction.Create, plan.Actions.Single(a => a.Key == "nat/ap-northeast-2b").Action);
    }

    [Fact]
    public void Property_SpecAgainstItself_IsEmpty() =>
        Mutations.Sample(mutation =>
        {
            var spec = Apply(mutation);
            var plan = _planner.PlanChange(spec, spec, Applied(spec));
            return plan.Summary == new PlanSummary(0, 0, 0) && plan.Actions.All(a => a.Action == PlanAction.Noop && a.Changes.Count == 0);
        });

    [Fact]
    public void Property_ApplyThenDiffAgain_IsEmpty() =>
        Mutations.Sample(mutation =>
        {
            var desired = Apply(mutation);
            var first = _planner.PlanChange(TestSpecs.Seed(), desired, Applied(TestSpecs.Seed()));

            // Applying the plan: every node of the desired graph ends created, every deleted one gone.
            var applied = ResourceGraphBuilder.Build(desired).Nodes.Select(n => Created(n.Key))
                .Concat(first.Actions.Where(a => a.Action == PlanAction.Delete).Select(a => new RecordedResource(a.Key, ResourceState.Deleted, null)))
                .ToList();
            var second = _planner.PlanChange(desired, desired, applied);
            return second.Summary == new PlanSummary(0, 0, 0);
        });

    [Fact]
    public void Property_ReplacesExactlyTheNodesWhoseForcingAttributesChanged() =>
        Mutations.Sample(mutation =>
        {
            var plan = _planner.PlanChange(TestSpecs.Seed(), Apply(mutation), Applied(TestSpecs.Seed()));
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            if (mutation.PrivateBCidr)
            {
                expected.UnionWith(["subnet/private-b", "eks"]);
            }

            if (mutation.PublicBCidr)
            {
                // With per-zone NAT the gateway in public-b is new in this revision: created, not replaced.
                expected.Add("subnet/public-b");
            }

            return Keys(plan, PlanAction.Replace).SequenceEqual(expected, StringComparer.Ordinal);
        });

    [Fact]
    public void Property_EveryActionComesAfterWhatItWaitsFor() =>
        Mutations.Sample(mutation =>
        {
            var plan = _planner.PlanChange(TestSpecs.Seed(), Apply(mutation), Applied(TestSpecs.Seed()));
            var position = plan.Actions.Select((a, i) => (a.Key, i)).ToDictionary(p => p.Key, p => p.i);
            return plan.Actions.All(a => a.DependsOn.All(d => position[d] < position[a.Key]))
                && plan.Text.EndsWith($"Plan: {plan.Summary.Add} to add, {plan.Summary.Change} to change, {plan.Summary.Destroy} to destroy.", StringComparison.Ordinal);
        });

    private sealed record Mutation(bool Tags, bool PerAz, bool Version, bool PrivateBCidr, bool PublicBCidr, bool DnsHostnames, bool Logging, bool Regional);

    private static readonly Gen<Mutation> Mutations =
        Gen.Bool.Array[8].Select(b => new Mutation(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]));

    private static EnvironmentSpec Apply(Mutation mutation)
    {
        var spec = mutation.PerAz ? TestSpecs.PerAz() : mutation.Regional ? TestSpecs.Regional() : TestSpecs.Seed();
        if (mutation.Tags)
        {
            spec = spec with { Tags = new Dictionary<string, string> { ["cost-center"] = "1234", ["owner"] = "payments" } };
        }

        if (mutation.Version)
        {
            spec = WithVersion(spec, "1.35");
        }

        if (mutation.PrivateBCidr)
        {
            spec = WithSubnetCidr(spec, "private-b", "10.3.64.0/20");
        }

        if (mutation.PublicBCidr)
        {
            spec = WithSubnetCidr(spec, "public-b", "10.3.80.0/20");
        }

        if (mutation.DnsHostnames)
        {
            spec = spec with { Vpc = spec.Vpc with { EnableDnsHostnames = false } };
        }

        if (mutation.Logging)
        {
            spec = spec with { Cluster = spec.Cluster! with { Logging = ["api", "audit", "authenticator"] } };
        }

        return spec;
    }

    private static EnvironmentSpec WithVersion(EnvironmentSpec spec, string version) =>
        spec with { Cluster = spec.Cluster! with { KubernetesVersion = version } };

    private static EnvironmentSpec WithSubnetCidr(EnvironmentSpec spec, string name, string cidr) =>
        spec with { Subnets = [.. spec.Subnets!.Select(s => s.Name == name ? s with { Cidr = cidr } : s)] };

    private static List<RecordedResource> Applied(EnvironmentSpec spec) =>
        [.. ResourceGraphBuilder.Build(spec).Nodes.Select(n => Created(n.Key))];

    private static RecordedResource Created(string key) => new(key, ResourceState.Created, new CloudResource($"id-{key}"));

    private static List<string> Keys(Plan plan, PlanAction action) =>
        [.. plan.Actions.Where(a => a.Action == action).Select(a => a.Key).Order(StringComparer.Ordinal)];
}
