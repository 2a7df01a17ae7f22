using System.Net;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Teams;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary>
/// <c>GET/PUT /api/teams/{team}/policy</c> over PostgreSQL: the default of a team nobody configured, versions
/// and their audit, bad policies by path, and the gate at validate, create and submit.
/// </summary>
public class TeamPolicyApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string ApiMdPolicy = """
        { "allowedRegions": ["ap-northeast-2"], "maxMonthlyCostUsd": 800, "monthlyBudgetUsd": 3000,
          "allowedSupportTypes": ["STANDARD"], "allowedInstanceTypes": ["t3.*", "m6i.*"], "maxNodes": 10,
          "requiredTags": ["cost-center"],
          "ttl": { "dev": { "defaultDays": 7, "maxDays": 30 }, "demo": { "defaultDays": 2, "maxDays": 7 } },
          "approvals": { "dev": 1, "stage": 1, "prod": 2 }, "autoApproveBelowUsd": { "dev": 0 },
          "principals": ["arn:aws:iam::111111111111:role/team-a-developers"] }
        """;

    [Fact]
    public async Task Policy_Unconfigured_SafeDefaultWithSandboxPrincipal_PutStoresVersionsAudited()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var before = await alice.GetObjectAsync("/api/teams/team-a/policy");
        Assert.Equal("STANDARD", (string)before["allowedSupportTypes"]![0]!);
        Assert.Equal(2, (int)before["approvals"]!["prod"]!);
        Assert.Equal("arn:aws:iam::111111111111:role/team-a-developers", (string)before["principals"]![0]!);

        using var first = await admin.PutAsync("/api/teams/team-a/policy", ApiClient.Json(ApiMdPolicy));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"v1\"", first.Headers.ETag?.Tag);
        using var second = await admin.PutAsync("/api/teams/team-a/policy", ApiClient.Json(ApiMdPolicy.Replace("\"maxNodes\": 10", "\"maxNodes\": 12", StringComparison.Ordinal)));
        Assert.Equal("\"v2\"", second.Headers.ETag?.Tag);

        var after = await alice.GetObjectAsync("/api/teams/team-a/policy");
        Assert.Equal(12, (int)after["maxNodes"]!);
        Assert.Equal(7, (int)after["ttl"]!["dev"]!["defaultDays"]!);
        Assert.Equal("t3.*", (string)after["allowedInstanceTypes"]![0]!);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var audited = (await dave.GetObjectAsync($"/api/audit?action={TeamPolicyStore.ChangedAction}"))["items"]!.AsArray();
        Assert.Equal(["policy v2", "policy v1"], audited.Select(i => (string)i!["subject"]!));
        Assert.All(audited, i => Assert.Equal(IdentityTestSupport.Admin, (string)i!["actor"]!));

        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/api/teams/team-a/policy")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/teams/no-such-team/policy")).StatusCode);
    }

    [Theory]
    [InlineData("""{ "maxNodez": 3 }""", "maxNodez", "not a field")]
    [InlineData("""{ "ttl": { "dev": { "defaultDays": 3, "maxDays": 9, "minDays": 1 } } }""", "ttl.dev.minDays", "not a field")]
    [InlineData("""{ "drift": { "ignore": [], "checkEvery": 2 } }""", "drift.checkEvery", "not a field")]
    [InlineData("""{ "maxMonthlyCostUsd": -1 }""", "maxMonthlyCostUsd", "negative")]
    [InlineData("""{ "allowedInstanceTypes": ["t3.*", "m6i.(large"] }""", "allowedInstanceTypes[1]", "not an instance type pattern")]
    [InlineData("""{ "ttl": { "dev": { "defaultDays": 31, "maxDays": 30 } } }""", "ttl.dev.defaultDays", "above the maximum of 30")]
    [InlineData("""{ "ttl": { "someday": { "defaultDays": 1, "maxDays": 3 } } }""", "ttl.someday", "not one of dev, stage, prod or demo")]
    [InlineData("""{ "maxNodes": "ten" }""", "maxNodes", "number")]
    public async Task Put_BadPolicy_BadRequestAtPath_NothingStored(string body, string path, string fragment)
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var problem = await admin.PutJsonAsync("/api/teams/team-b/policy", body, 400);

        var messages = problem["errors"]![path]?.AsArray();
        Assert.True(messages is not null, problem.ToJsonString());
        Assert.Contains(messages, m => ((string)m!).Contains(fragment, StringComparison.Ordinal));
        var stored = await app.WithAsync<TeamPolicyStore, TeamPolicyView>(s => s.GetViewAsync("team-b", CancellationToken.None));
        Assert.Equal(0, stored.Version);
    }

    [Fact]
    public async Task Validate_SpecBreakingPolicy_ErrorsAtPathsNamingPolicy_CreateAndSubmitRefused()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        await admin.PutJsonAsync("/api/teams/team-a/policy", ApiMdPolicy, 200);
        var spec = ApiClient.SpecNode("gate-dev");
        spec["cluster"]!["compute"] = JsonNode.Parse("""{ "mode": "managedNodes", "nodeGroups": [ { "name": "general", "instanceTypes": ["m7g.16xlarge"], "minSize": 1, "desiredSize": 2, "maxSize": 3 } ] }""");
        spec["tags"] = new JsonObject();

        var validated = await alice.PostAsync("/api/environments/validate", ApiClient.Json(spec.ToJsonString()), 200);
        var refused = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()), 400);

        Assert.False((bool)validated["valid"]!);
        foreach (var result in new[] { validated, refused })
        {
            Assert.Equal("m7g.16xlarge is not allowed by team-a's policy (t3.*, m6i.*)", (string)result["errors"]!["cluster.compute.nodeGroups[0].instanceTypes[0]"]![0]!);
            Assert.Contains("required by team-a's policy", (string)result["errors"]!["tags.cost-center"]![0]!, StringComparison.Ordinal);
        }

        // A compliant draft defaults its expiry from the TTL, then a policy change makes submit refuse it.
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("gate-ok")), 201);
        var expiresAt = DateTimeOffset.Parse((string)draft["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7));
        await admin.PutJsonAsync("/api/teams/team-a/policy", ApiMdPolicy.Replace("\"maxMonthlyCostUsd\": 800", "\"maxMonthlyCostUsd\": 50", StringComparison.Ordinal), 200);

        var submit = await alice.PostAsync($"/api/environments/{draft["id"]}/submit", null, 400);

        Assert.Contains("above the maximum of $50.00 per environment by team-a's policy", (string)submit["errors"]!["monthlyCostUsd"]![0]!, StringComparison.Ordinal);
    }
}

/// <summary>PUT with a JSON body, asserting the status.</summary>
internal static class PolicyClient
{
    public static async Task<JsonObject> PutJsonAsync(this HttpClient client, string path, string json, int expectedStatus)
    {
        using var response = await client.PutAsync(path, ApiClient.Json(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
