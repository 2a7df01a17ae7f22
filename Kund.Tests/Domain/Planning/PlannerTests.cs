using System.Text.Json;
using System.Text.RegularExpressions;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Planning;

public class PlannerTests
{
    private static readonly ResourceGraph Seed = ResourceGraphBuilder.Build(TestSpecs.Seed());

    private readonly Planner _planner = new(LatencyModel.Default);

    [Fact]
    public void PlanCreate_Seed_AddsThirteenAndSaysSoOnTheLastLine()
    {
        var plan = _planner.PlanCreate(Seed, []);

        Assert.Equal(new PlanSummary(13, 0, 0), plan.Summary);
        Assert.All(plan.Actions, a => Assert.Equal(PlanAction.Create, a.Action));
        Assert.EndsWith("\nPlan: 13 to add, 0 to change, 0 to destroy.", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanCreate_Seed_CriticalPathRunsThroughTheSubnetToTheClusterNotTheNat()
    {
        var plan = _planner.PlanCreate(Seed, []);

        Assert.Equal(["vpc", "subnet/private-a", "eks"], plan.CriticalPath);
        Assert.Equal(TimeSpan.FromSeconds(2 + 2 + 600), plan.EstimatedMakespan);
    }

    [Fact]
    public void PlanCreate_Seed_TextShowsEachResourceLikeTerraform()
    {
        var plan = _planner.PlanCreate(Seed, []);

        Assert.Contains("  # subnet/public-a will be created\n  + resource \"Subnet\" \"subnet/public-a\" {", plan.Text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\+ cidr\s+= ""10\.3\.0\.0/20"""), plan.Text);
        Assert.Matches(new Regex(@"depends_on\s+= \[vpc\]"), plan.Text);
        Assert.Equal(13, Regex.Count(plan.Text, @"^  \+ resource ", RegexOptions.Multiline));
    }

    [Fact]
    public void PlanCreate_Seed_ActionsComeDependenciesFirst()
    {
        var plan = _planner.PlanCreate(Seed, []);

        var position = plan.Actions.Select((a, i) => (a.Key, i)).ToDictionary(p => p.Key, p => p.i);
        Assert.All(plan.Actions, a => Assert.All(a.DependsOn, d => Assert.True(position[d] < position[a.Key], $"{d} after {a.Key}")));
    }

    [Fact]
    public void PlanCreate_RecordedNodes_AreNoopsWithTheirCloudId()
    {
        RecordedResource[] recorded =
        [
            new("vpc", ResourceState.Created, new CloudResource("vpc-0a1b")),
            new("subnet/private-a", ResourceState.Created, new CloudResource("subnet-01")),
            new("subnet/private-b", ResourceState.Failed, null),
            new("nat/ap-northeast-2a", ResourceState.Creating, new CloudResource("nat-07")),
        ];

        var plan = _planner.PlanCreate(Seed, recorded);

        var vpc = plan.Actions.Single(a => a.Key == "vpc");
        Assert.Equal((PlanAction.Noop, "already created (vpc-0a1b)"), (vpc.Action, vpc.Reason));
        Assert.Equal(PlanAction.Create, plan.Actions.Single(a => a.Key == "subnet/private-b").Action);
        Assert.Equal(PlanAction.Create, plan.Actions.Single(a => a.Key == "nat/ap-northeast-2a").Action);
        Assert.Equal(new PlanSummary(11, 0, 0), plan.Summary);
        Assert.Contains("  # 2 unchanged:\n      vpc: already created (vpc-0a1b)\n", plan.Text, StringComparison.Ordinal);
        Assert.Contains("# nat/ap-northeast-2a is being created (nat-07)", plan.Text, StringComparison.Ordinal);
        Assert.EndsWith("Plan: 11 to add, 0 to change, 0 to destroy.", plan.Text, StringComparison.Ordinal);
        Assert.Equal(["subnet/private-b", "eks"], plan.CriticalPath);
    }

    [Fact]
    public void PlanCreate_EverythingCreated_HasNothingToDo()
    {
        var recorded = Seed.Nodes.Select(n => new RecordedResource(n.Key, ResourceState.Created, new CloudResource($"id-{n.Key}"))).ToList();

        var plan = _planner.PlanCreate(Seed, recorded);

        Assert.Equal(new PlanSummary(0, 0, 0), plan.Summary);
        Assert.Empty(plan.CriticalPath);
        Assert.Equal(TimeSpan.Zero, plan.EstimatedMakespan);
        Assert.EndsWith("Plan: 0 to add, 0 to change, 0 to destroy.", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanDestroy_Seed_OrdersDeletionsByTheReversedEdges()
    {
        var plan = _planner.PlanDestroy(Seed, AllCreated());

        var order = plan.Actions.Select(a => a.Key).ToList();
        Assert.Equal(new PlanSummary(0, 0, 13), plan.Summary);
        Assert.Equal("eks", order[0]);
        Assert.Equal("vpc", order[^1]);
        Assert.True(order.IndexOf("nat/ap-northeast-2a") < order.IndexOf("eip/ap-northeast-2a"));
        Assert.True(order.IndexOf("role/policy") < order.IndexOf("role"));
        Assert.True(order.IndexOf("nat/ap-northeast-2a") < order.IndexOf("subnet/public-a"));
        Assert.True(order.IndexOf("nat/ap-northeast-2a") < order.IndexOf("igw"));
        Assert.True(order.IndexOf("rtb/public") < order.IndexOf("igw"));
        Assert.True(order.IndexOf("igw") < order.IndexOf("vpc"));
        Assert.Contains("nat/ap-northeast-2a", plan.Actions.Single(a => a.Key == "eip/ap-northeast-2a").DependsOn);
        Assert.Contains("role/policy", plan.Actions.Single(a => a.Key == "role").DependsOn);
        Assert.Empty(plan.Actions.Single(a => a.Key == "eks").DependsOn);
    }

    [Fact]
    public void PlanDestroy_Seed_NatGatewayDoesNotWaitForTheRouteTablesThatRouteThroughIt()
    {
        var plan = _planner.PlanDestroy(Seed, AllCreated());
        var nat = plan.Actions.Single(a => a.Key == "nat/ap-northeast-2a");

        // Created after the NAT gateway (its route points there), deleted beside it: AWS deletes a gateway routes still point at.
        Assert.Contains("nat/ap-northeast-2a", Seed["rtb/private"].DependsOn);
        Assert.DoesNotContain("rtb/private", nat.DependsOn);
        Assert.DoesNotContain("nat/ap-northeast-2a", plan.Actions.Single(a => a.Key == "rtb/private").DependsOn);

        // Everything else it waited for it still waits for, and what needs it gone still waits for it.
        Assert.Equal(Seed.DependentsOf("nat/ap-northeast-2a").Where(k => k != "rtb/private"), nat.DependsOn);
        Assert.Contains("nat/ap-northeast-2a", plan.Actions.Single(a => a.Key == "eip/ap-northeast-2a").DependsOn);
        Assert.Contains("nat/ap-northeast-2a", plan.Actions.Single(a => a.Key == "subnet/public-a").DependsOn);
    }

    [Fact]
    public void PlanDestroy_Seed_TextMarksDeletionsAndEndsWithTheSummary()
    {
        var plan = _planner.PlanDestroy(Seed, AllCreated());

        Assert.Contains("  # eip/ap-northeast-2a will be destroyed\n  - resource \"ElasticIp\" \"eip/ap-northeast-2a\" {", plan.Text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"- id\s+= ""id-vpc"""), plan.Text);
        Assert.Equal(13, Regex.Count(plan.Text, @"^  - resource ", RegexOptions.Multiline));
        Assert.EndsWith("\nPlan: 0 to add, 0 to change, 13 to destroy.", plan.Text, StringComparison.Ordinal);
        Assert.Equal(["eks", "subnet/private-a", "vpc"], plan.CriticalPath);
        Assert.Equal(TimeSpan.FromSeconds(480 + 2 + 2), plan.EstimatedMakespan);
    }

    [Fact]
    public void PlanDestroy_DeletedOrNeverRecorded_AreNoops()
    {
        var recorded = AllCreated().Where(r => r.Key != "role").Select(r => r.Key == "eks" ? r with { State = ResourceState.Deleted } : r).ToList();

        var plan = _planner.PlanDestroy(Seed, recorded);

        Assert.Equal(PlanAction.Noop, plan.Actions.Single(a => a.Key == "eks").Action);
        Assert.Equal(PlanAction.Noop, plan.Actions.Single(a => a.Key == "role").Action);
        Assert.Equal(new PlanSummary(0, 0, 11), plan.Summary);
        // The NAT gateway's delete starts at once: it does not wait for the route table that routes through it.
        Assert.Equal(["nat/ap-northeast-2a", "igw", "vpc"], plan.CriticalPath);
    }

    [Fact]
    public void Dot_Seed_IsADigraphWithOneNodeLinePerKeyAndABoldCriticalPath()
    {
        var plan = _planner.PlanCreate(Seed, []);

        Assert.StartsWith("digraph", plan.Dot, StringComparison.Ordinal);
        Assert.EndsWith("}", plan.Dot, StringComparison.Ordinal);
        var lines = plan.Dot.Split('\n');
        Assert.All(Seed.Keys, key => Assert.Single(lines, l => l.TrimStart().StartsWith($"\"{key}\" [label=", StringComparison.Ordinal)));
        Assert.Equal(Seed.Nodes.Sum(n => n.DependsOn.Count), lines.Count(l => l.Contains("->", StringComparison.Ordinal)));
        var bold = lines.Where(l => l.Contains("->", StringComparison.Ordinal) && l.Contains("bold", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(2, bold.Count);
        Assert.StartsWith("\"vpc\" -> \"subnet/private-a\"", bold[0], StringComparison.Ordinal);
        Assert.StartsWith("\"subnet/private-a\" -> \"eks\"", bold[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SerializesWithTheApiNamesAndLowercaseActions()
    {
        var plan = _planner.PlanCreate(Seed, [new RecordedResource("vpc", ResourceState.Created, new CloudResource("vpc-1"))]);

        var json = JsonSerializer.Serialize(plan, JsonSerializerOptions.Web);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(12, root.GetProperty("summary").GetProperty("add").GetInt32());
        var first = root.GetProperty("actions")[0];
        Assert.Equal("noop", first.GetProperty("action").GetString());
        Assert.Equal("Vpc", first.GetProperty("kind").GetString());
        Assert.Equal("create", root.GetProperty("actions")[1].GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("criticalPath").ValueKind);
        Assert.StartsWith("digraph", root.GetProperty("dot").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyModel_Scaled_MultipliesEveryDuration()
    {
        var scaled = LatencyModel.Default.Scaled(0.01);

        Assert.Equal(TimeSpan.FromSeconds(6), scaled.CreateDuration(ResourceKind.EksCluster));
        Assert.Equal(TimeSpan.FromSeconds(0.6), scaled.DeleteDuration(ResourceKind.NatGateway));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Default.Scaled(-1));
    }

    private static List<RecordedResource> AllCreated() =>
        [.. Seed.Nodes.Select(n => new RecordedResource(n.Key, ResourceState.Created, new CloudResource($"id-{n.Key}")))];
}
