using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>
/// <c>POST /api/environments</c> with a <c>blueprint</c> member: the spec is the blueprint's with the requester's fields
/// and parameters, locked fields keep the blueprint's value, bad parameters are 400s at
/// <c>blueprint.parameters.&lt;name&gt;</c>; the view remembers the blueprint, and a newer version is proposed as a revision.
/// </summary>
public class BlueprintEnvironmentApiTests(BlueprintFolderApp app) : IClassFixture<BlueprintFolderApp>
{
    [Fact]
    public async Task Create_FromSmallDevCluster_BlueprintSpecWithTheParameterAndTheViewNamesTheBlueprint()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var created = await alice.PostAsync("/api/environments", Request("bp-dev", "10.81.0.0/16", """{ "name": "small-dev-cluster", "version": 1, "parameters": { "nodes": 3 } }"""), 201);

        var spec = created["spec"]!;
        Assert.Equal(3, (int)spec["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        Assert.Equal("t3.medium", (string)spec["cluster"]!["compute"]!["nodeGroups"]![0]!["instanceTypes"]![0]!);
        Assert.Equal("single", (string)spec["routing"]!["natGateways"]!);
        Assert.Equal("10.81.0.0/16", (string)spec["vpc"]!["cidr"]!);
        Assert.Equal(["api", "audit"], spec["cluster"]!["logging"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("small-dev-cluster", (string)created["blueprint"]!["name"]!);
        Assert.Equal(1, (int)created["blueprint"]!["version"]!);

        var id = (string)created["id"]!;
        var read = await alice.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal("small-dev-cluster", (string)read["blueprint"]!["name"]!);
        Assert.Equal(3, (int)read["blueprint"]!["parameters"]!["nodes"]!);
        var listed = (await alice.GetObjectAsync("/api/environments?team=team-a"))["items"]!.AsArray().Single(e => (string)e!["id"]! == id)!;
        Assert.Equal(1, (int)listed["blueprint"]!["version"]!);
        var plan = await alice.GetObjectAsync($"/api/environments/{id}/plan");
        Assert.True((int)plan["summary"]!["add"]! > 0);
    }

    [Fact]
    public async Task Create_WithoutBlueprint_ViewBlueprintIsNull()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = ApiClient.SpecNode("bp-none");
        spec["vpc"]!["cidr"] = "10.82.0.0/16";
        spec["subnets"] = null;

        var created = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()), 201);

        Assert.True(created.ContainsKey("blueprint"));
        Assert.Null(created["blueprint"]);
    }

    [Fact]
    public async Task Create_ParameterOutsideRangeUnknownParameterAndLockedFieldChanged_400EveryErrorByPathNothingStored()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var body = JsonNode.Parse(RequestText("bp-bad", "10.83.0.0/16", """{ "name": "small-dev-cluster", "version": 1, "parameters": { "nodes": 9, "colour": "red" } }"""))!.AsObject();
        body["routing"] = new JsonObject { ["natGateways"] = "perAz" };

        var problem = await alice.PostAsync("/api/environments", ApiClient.Json(body.ToJsonString()), 400);

        var errors = problem["errors"]!;
        Assert.Contains("9", (string)errors["blueprint.parameters.nodes"]![0]!, StringComparison.Ordinal);
        Assert.Contains("1..5", (string)errors["blueprint.parameters.nodes"]![0]!, StringComparison.Ordinal);
        Assert.Contains("colour", (string)errors["blueprint.parameters.colour"]![0]!, StringComparison.Ordinal);
        Assert.Contains("locked", (string)errors["routing.natGateways"]![0]!, StringComparison.Ordinal);
        var items = (await alice.GetObjectAsync("/api/environments?team=team-a"))["items"]!.AsArray();
        Assert.DoesNotContain(items, e => (string)e!["name"]! == "bp-bad");
    }

    [Fact]
    public async Task Replace_DraftFromBlueprint_LockedFieldChanged400OtherFields200()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var created = await alice.PostAsync("/api/environments", Request("bp-replace", "10.86.0.0/16", """{ "name": "small-dev-cluster" }"""), 201);
        var id = (string)created["id"]!;
        var spec = created["spec"]!.AsObject();

        spec["routing"]!["natGateways"] = "perAz";
        using var locked = await alice.PutAsync($"/api/environments/{id}", ApiClient.Json(spec.ToJsonString()));
        var problem = JsonNode.Parse(await locked.Content.ReadAsStringAsync())!;
        spec["routing"]!["natGateways"] = "single";
        spec["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"] = 1;
        using var replaced = await alice.PutAsync($"/api/environments/{id}", ApiClient.Json(spec.ToJsonString()));

        Assert.Equal(400, (int)locked.StatusCode);
        Assert.Contains("locked", (string)problem["errors"]!["routing.natGateways"]![0]!, StringComparison.Ordinal);
        Assert.Equal(200, (int)replaced.StatusCode);
        var read = await alice.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal(1, (int)read["spec"]!["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        Assert.Equal("single", (string)read["spec"]!["routing"]!["natGateways"]!);
    }

    [Theory]
    [InlineData("""{ "name": "small-dev-cluster", "version": 99 }""", "blueprint.version")]
    [InlineData("""{ "name": "no-such-blueprint" }""", "blueprint.name")]
    [InlineData("""{ "version": 1 }""", "blueprint.name")]
    [InlineData("""{ "name": "small-dev-cluster", "version": "one" }""", "blueprint.version")]
    [InlineData("""{ "name": "small-dev-cluster", "parameters": { "nodes": "three" } }""", "blueprint.parameters.nodes")]
    [InlineData("\"small-dev-cluster\"", "blueprint")]
    public async Task Create_BadBlueprintMember_400AtItsPath(string member, string path)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var problem = await alice.PostAsync("/api/environments", Request("bp-member", "10.84.0.0/16", member), 400);

        Assert.NotNull(problem["errors"]![path]);
    }

    [Fact]
    public async Task Create_FieldNamedTwiceBesideABlueprint_400AtTheObject()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var problem = await alice.PostAsync("/api/environments", ApiClient.Json("""{ "name": "bp-twice", "team": "team-a", "vpc": { "cidr": "10.87.0.0/16", "cidr": "10.88.0.0/16" }, "blueprint": { "name": "network-only" } }"""), 400);

        Assert.NotNull(problem["errors"]!["vpc"]);
    }

    [Fact]
    public async Task Upgrade_NewerVersionPublished_ViewSaysAvailableAndTheMoveIsADraftRevisionWithItsDiffPlan()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        await admin.PostAsync("/api/blueprints", Yaml(Network(1, "single")), 201);
        var created = await alice.PostAsync("/api/environments", Request("bp-upgrade", "10.85.0.0/16", """{ "name": "upgrade-net" }"""), 201);
        var id = Guid.Parse((string)created["id"]!);
        var early = await alice.PostAsync($"/api/environments/{id}/blueprint/upgrade", null, 400);
        Assert.NotNull(early["errors"]!["blueprint"]);
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        await carol.PostAsync($"/api/environments/{id}/approve", JsonContent.Create(new { comment = "go" }), 200);
        var ready = await alice.WaitForStatusAsync(id, "Ready", "Failed");
        Assert.Equal("Ready", (string)ready["status"]!);
        Assert.False((bool)ready["blueprint"]!["upgradeAvailable"]!);

        await admin.PostAsync("/api/blueprints", Yaml(Network(2, "perAz")), 201);
        var behind = await alice.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal(1, (int)behind["blueprint"]!["version"]!);
        Assert.Equal(2, (int)behind["blueprint"]!["latest"]!);
        Assert.True((bool)behind["blueprint"]!["upgradeAvailable"]!);

        var revision = await alice.PostAsync($"/api/environments/{id}/blueprint/upgrade", null, 201);

        Assert.Equal(2, (int)revision["number"]!);
        Assert.Equal("Draft", (string)revision["status"]!);
        Assert.Equal("perAz", (string)revision["spec"]!["routing"]!["natGateways"]!);
        Assert.Equal("10.85.0.0/16", (string)revision["spec"]!["vpc"]!["cidr"]!);
        var plan = await alice.GetObjectAsync($"/api/environments/{id}/revisions/2/plan");
        Assert.Contains(plan["actions"]!.AsArray(), a => (string)a!["key"]! == "nat/ap-northeast-2b" && (string)a["action"]! == "create");
        var still = await alice.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal(1, (int)still["blueprint"]!["version"]!);
    }

    private static StringContent Request(string name, string cidr, string blueprint) => ApiClient.Json(RequestText(name, cidr, blueprint));

    private static string RequestText(string name, string cidr, string blueprint) =>
        $$"""{ "name": "{{name}}", "team": "team-a", "vpc": { "cidr": "{{cidr}}" }, "blueprint": {{blueprint}} }""";

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static string Network(int version, string nat) => $"""
        name: upgrade-net
        version: {version}
        description: A network to upgrade.
        spec:
          region: ap-northeast-2
          purpose: dev
          routing:
            internetGateway: true
            natGateways: {nat}
          cluster: null
        locked:
          - path: routing.natGateways
            reason: The platform team decides the NAT layout.
        """;
}
