using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Specs;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Revisions;

/// <summary>
/// Revisions over the API, on environments provisioned in the sandbox: revision 1 is the create spec, a
/// change is a Draft whose plan is a diff against what exists, refused by path when it changes nothing or
/// what a change may not, and approved by as many distinct people as the team's policy asks, never its author.
/// </summary>
public class RevisionApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Erin = "erin@kund.dev";

    [Fact]
    public async Task Propose_PerZoneNatOnReadyEnvironment_DraftTwoWhosePlanAddsTheGatewayItsAddressAndRouteTablesOnly()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var id = await ReadyAsync(alice, carol, SeedSpecs.Payments("nat-change"));

        var history = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions");
        var first = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal("Applied", first.GetProperty("status").GetString());
        Assert.Equal(IdentityTestSupport.Carol, Assert.Single(first.GetProperty("approvedBy").EnumerateArray()).GetString());

        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", Body(PerAz(SeedSpecs.Payments("nat-change")), "one NAT per zone"));

        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var revision = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, revision.GetProperty("number").GetInt32());
        Assert.Equal("Draft", revision.GetProperty("status").GetString());
        Assert.Equal(IdentityTestSupport.Alice, revision.GetProperty("requestedBy").GetString());
        Assert.Equal("one NAT per zone", revision.GetProperty("comment").GetString());

        var plan = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions/2/plan");
        var actions = plan.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(
            ["eip/ap-northeast-2b", "nat/ap-northeast-2b", "rtb/private/ap-northeast-2a", "rtb/private/ap-northeast-2b"],
            Keys(actions, "create"));
        Assert.Equal(["rtb/private"], Keys(actions, "delete"));
        Assert.Empty(Keys(actions, "replace"));
        Assert.EndsWith("Plan: 4 to add, 0 to change, 1 to destroy.", plan.GetProperty("text").GetString(), StringComparison.Ordinal);

        var listed = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions");
        Assert.Equal([2, 1], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task Propose_BadChanges_400ByPathAndNothingStored()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("bad-change");
        var id = await ReadyAsync(alice, carol, spec);

        await AssertErrorAsync(alice, id, Body(spec), "spec", "No changes");
        await AssertErrorAsync(alice, id, Body(spec with { Cluster = spec.Cluster! with { KubernetesVersion = "1.36" } }), "spec.cluster.kubernetesVersion", "one minor version at a time");
        await AssertErrorAsync(alice, id, Body(spec with { Vpc = spec.Vpc with { Cidr = "10.3.0.0/17" } }), "spec.vpc.cidr", "not shrink");
        await AssertErrorAsync(alice, id, Body(WithSubnetCidr(spec, "private-b", "10.3.32.0/20")), "spec.subnets[3].cidr", "overlap");
        await AssertErrorAsync(alice, id, Body(spec with { Cluster = spec.Cluster! with { Subnets = ["private-a"] } }), "spec.cluster.subnets", "zone");
        await AssertErrorAsync(alice, id, new StringContent("""{"rollbackTo":1}""", Encoding.UTF8, "application/json"), "spec", "revision 1");
        using var garbage = await alice.PostAsync($"/api/environments/{id}/revisions", new StringContent("""{"spec":{"vpc":{"cidr":7}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        var history = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions");
        Assert.Single(history.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Propose_OnADraftEnvironment_409NamingTheStatus()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var created = await alice.PostAsync("/api/environments", SpecBody(SeedSpecs.Payments("still-draft")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", Body(PerAz(SeedSpecs.Payments("still-draft"))));

        Assert.Equal(HttpStatusCode.Conflict, proposed.StatusCode);
        var problem = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", problem.GetProperty("currentStatus").GetString());
        Assert.Contains("Draft", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/environments/{id}/revisions/2")).StatusCode);
    }

    [Fact]
    public async Task Approve_ProdChange_TwoDistinctApproversNeverTheAuthorThenApproved()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("prod-change") with { Purpose = Purpose.Prod };
        using var erin = await ErinAsync();
        var id = await ReadyAsync(alice, carol, spec, erin);
        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", Body(PerAz(spec)));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync($"/api/environments/{id}/revisions/2/approve", null)).StatusCode);
        using var once = await carol.PostAsJsonAsync($"/api/environments/{id}/revisions/2/approve", new { comment = "fine by me" });
        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        var waiting = await once.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PendingApproval", waiting.GetProperty("status").GetString());
        Assert.Equal(2, waiting.GetProperty("approvalsNeeded").GetInt32());
        using var twice = await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        using var second = await erin.PostAsync($"/api/environments/{id}/revisions/2/approve", null);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var approved = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Applying", approved.GetProperty("status").GetString());
        Assert.Equal([IdentityTestSupport.Carol, Erin], approved.GetProperty("approvedBy").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(IdentityTestSupport.Alice, approved.GetProperty("submittedBy").GetString());
        var audit = await carol.GetFromJsonAsync<JsonElement>($"/api/audit?environmentId={id}&action=revision.approved");
        Assert.Equal(2, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task RejectAndCancel_WaitingAndDraftRevisions_EndThereAndCannotMoveOn()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("turned-down");
        var id = await ReadyAsync(alice, carol, spec);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/environments/{id}/revisions", Body(PerAz(spec)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);

        using var rejected = await carol.PostAsJsonAsync($"/api/environments/{id}/revisions/2/reject", new { comment = "not this quarter" });
        Assert.Equal("Rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using var late = await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("Rejected", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentStatus").GetString());

        using var again = await alice.PostAsync($"/api/environments/{id}/revisions", Body(PerAz(spec)));
        Assert.Equal(3, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32());
        using var cancelled = await alice.PostAsync($"/api/environments/{id}/revisions/3/cancel", null);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsync($"/api/environments/{id}/revisions/3/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync($"/api/environments/{id}/revisions/9/submit", null)).StatusCode);
    }

    private static async Task AssertErrorAsync(HttpClient client, Guid id, StringContent body, string path, string says)
    {
        using var response = await client.PostAsync($"/api/environments/{id}/revisions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(path, out var messages), $"no error at {path}: {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<HttpClient> ErinAsync()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            _ = app.Server;
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().UpsertAsync(
                new UserProfile(Erin, "Erin", ["team-a"], [KundRoles.Requester, KundRoles.Approver]), CancellationToken.None);
        }

        return await ClientAsync(Erin);
    }

    /// <param name="secondApprover">For a prod request, which the team's policy gives to two approvers.</param>
    private Task<Guid> ReadyAsync(HttpClient requester, HttpClient approver, EnvironmentSpec spec, HttpClient? secondApprover = null) =>
        app.ReadyOverApiAsync(requester, approver, spec, secondApprover);

    private Task<HttpClient> ClientAsync(string email) => app.ClientAsync(email);

    private static EnvironmentSpec PerAz(EnvironmentSpec spec) => ChangeRuns.PerAz(spec);

    private static EnvironmentSpec WithSubnetCidr(EnvironmentSpec spec, string name, string cidr) =>
        spec with { Subnets = [.. spec.Subnets!.Select(s => s.Name == name ? s with { Cidr = cidr } : s)] };

    private static StringContent SpecBody(EnvironmentSpec spec) => ChangeRuns.Json(spec);

    private static StringContent Body(EnvironmentSpec spec, string? comment = null) =>
        new(JsonSerializer.Serialize(new { spec, comment }, KundJson.Options), Encoding.UTF8, "application/json");

    private static List<string> Keys(List<JsonElement> actions, string action) =>
        [.. actions.Where(a => a.GetProperty("action").GetString() == action).Select(a => a.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
}
