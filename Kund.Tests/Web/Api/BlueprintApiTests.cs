using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Kund with the repository's blueprint folder loaded at start (<c>Kund:Blueprints:Path</c>).</summary>
public sealed class BlueprintFolderApp : KundAppFactory
{
    public BlueprintFolderApp()
    {
        Settings["Kund:Blueprints:Path"] = Path.Combine(Screenshots.RepositoryRoot(), "blueprints");
    }
}

/// <summary>
/// <c>/api/blueprints</c>: the folder's three blueprints are there at start; an admin publishes the next version (audited
/// with the author); any other version is a 409, a bad document a 400 by path, and nobody else may publish.
/// </summary>
public class BlueprintApiTests(BlueprintFolderApp app) : IClassFixture<BlueprintFolderApp>
{
    [Fact]
    public async Task List_AtStart_TheFoldersThreeBlueprints()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var list = await ListAsync(alice);

        var names = list.Select(b => (string)b!["name"]!).ToList();
        Assert.Contains("small-dev-cluster", names);
        Assert.Contains("stage-per-zone-nat", names);
        Assert.Contains("network-only", names);
        var small = await alice.GetObjectAsync("/api/blueprints/small-dev-cluster/versions/1");
        Assert.Equal("system", (string)small["author"]!);
        Assert.Equal("1..5", (string)small["parameters"]!["nodes"]!["range"]!);
        Assert.Equal("routing.natGateways", (string)small["locked"]![0]!["path"]!);
    }

    [Fact]
    public async Task Publish_NextVersion_201AuditedWithTheAuthorOthersAre409()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var first = await admin.PostAsync("/api/blueprints", Yaml(Document("team-shape", 1)), 201);
        Assert.Equal(IdentityTestSupport.Admin, (string)first["author"]!);
        await admin.PostAsync("/api/blueprints", Yaml(Document("team-shape", 1)), 409);
        var skipped = await admin.PostAsync("/api/blueprints", Yaml(Document("team-shape", 3)), 409);
        Assert.Equal(2, (int)skipped["expectedVersion"]!);
        await admin.PostAsync("/api/blueprints", Yaml(Document("team-shape", 2)), 201);

        var listed = (await ListAsync(admin)).Single(b => (string)b!["name"]! == "team-shape")!;
        Assert.Equal(2, (int)listed["latest"]!);
        Assert.Equal([1, 2], listed["versions"]!.AsArray().Select(v => (int)v!["version"]!));
        var audit = (await admin.GetObjectAsync("/api/audit?action=blueprint.published&limit=50"))["items"]!.AsArray()
            .Where(e => ((string?)e!["subject"])?.StartsWith("team-shape ", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal(IdentityTestSupport.Admin, (string)e!["actor"]!));
    }

    [Fact]
    public async Task Publish_BadDocument_400ByPath()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var problem = await admin.PostAsync("/api/blueprints", Yaml(Document("bad-shape", 1).Replace("default: 2", "default: 7", StringComparison.Ordinal)), 400);
        var notMapping = await admin.PostAsync("/api/blueprints", Yaml("- one\n- two"), 400);

        Assert.NotNull(problem["errors"]!["parameters.nodes.default"]);
        Assert.NotNull(notMapping["errors"]!["document"]);
        using var missing = await admin.GetAsync("/api/blueprints/bad-shape/versions/1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Publish_NotAnAdmin_403()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.PostAsync("/api/blueprints", Yaml(Document("alice-shape", 1)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonArray> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/blueprints");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static string Document(string name, int version) => $"""
        name: {name}
        version: {version}
        spec:
          region: ap-northeast-2
          routing:
            natGateways: single
        parameters:
          nodes:
            type: int
            path: cluster.compute.nodeGroups[0].desiredSize
            default: 2
            range: 1..5
        locked:
          - path: routing.natGateways
            reason: one NAT gateway in dev
        """;
}
