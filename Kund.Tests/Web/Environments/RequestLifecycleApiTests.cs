using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Environments;

/// <summary>
/// Requests that wait for an approver, over the API: a prod destroy can be rejected (with a comment) and
/// withdrawn like a create request; a rejected request can be revised and submitted again.
/// </summary>
public class RequestLifecycleApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RejectDestroy_WaitingProdDestroy_CommentRequiredThenReadyWithTheRequestCleared()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var id = await ReadyProdAsync(alice, carol, "prod-kept");
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/destroy", null)).StatusCode);
        Assert.Equal(["approve", "reject"], Actions(await carol.GetFromJsonAsync<JsonElement>($"/api/environments/{id}")));
        Assert.Contains("cancel", Actions(await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}")));

        using var silent = await carol.PostAsJsonAsync($"/api/environments/{id}/reject", new { comment = " " });
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.True((await silent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("comment", out _));

        using var rejected = await carol.PostAsJsonAsync($"/api/environments/{id}/reject", new { comment = "still serving traffic" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var view = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ready", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("destroyAwaitingApproval").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("pendingRequest").ValueKind);
        Assert.Contains("destroy", Actions(await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}")));
        var audit = await carol.GetFromJsonAsync<JsonElement>($"/api/audit?environmentId={id}&action=environment.rejected");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), i => i.GetProperty("details").GetProperty("comment").GetString() == "still serving traffic");
    }

    [Fact]
    public async Task CancelDestroy_RequesterWithdrawsWaitingProdDestroy_ReadyAndNothingWaits()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var id = await ReadyProdAsync(alice, carol, "prod-withdrawn");
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/destroy", null)).StatusCode);

        using var withdrawn = await alice.PostAsync($"/api/environments/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var view = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ready", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("destroyAwaitingApproval").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("destroyRequestedBy").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await carol.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "late" })).StatusCode);
    }

    [Fact]
    public async Task DestroyRequest_View_DeletionsAndCostInsteadOfCreationWarnings()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var id = await ReadyProdAsync(alice, carol, "prod-gone");
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/destroy", null)).StatusCode);

        var view = await carol.GetFromJsonAsync<JsonElement>($"/api/environments/{id}");

        var pending = view.GetProperty("pendingRequest");
        Assert.Equal("Destroy", pending.GetProperty("kind").GetString());
        Assert.Empty(pending.GetProperty("warnings").EnumerateArray());
        var deletions = pending.GetProperty("deletions").EnumerateArray().ToList();
        Assert.Equal(view.GetProperty("resources").GetArrayLength(), deletions.Count);
        Assert.Contains(deletions, d => d.GetProperty("cloudId").GetString()!.StartsWith("vpc-", StringComparison.Ordinal));
        Assert.Equal(view.GetProperty("monthlyCostUsd").GetDecimal(), pending.GetProperty("monthlyCostStopsUsd").GetDecimal());
        Assert.True(pending.GetProperty("monthlyCostStopsUsd").GetDecimal() > 0);
    }

    [Fact]
    public async Task Revise_RejectedRequest_DraftRevisionTwoWithTheRejectionShownThenSubmittable()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var id = await CreateAsync(alice, SeedSpecs.Payments("too-big"));
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsJsonAsync($"/api/environments/{id}/reject", new { comment = "one NAT is enough, drop the cluster" })).StatusCode);
        Assert.Contains("edit", Actions(await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}")));

        using var revised = await alice.PutAsync($"/api/environments/{id}", Body(SeedSpecs.Payments("too-big") with { Cluster = null, ClusterRole = null }));

        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        var view = await revised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", view.GetProperty("status").GetString());
        Assert.Equal(2, view.GetProperty("revision").GetInt32());
        var rejection = view.GetProperty("lastRejection");
        Assert.Equal(IdentityTestSupport.Carol, rejection.GetProperty("by").GetString());
        Assert.Equal("one NAT is enough, drop the cluster", rejection.GetProperty("comment").GetString());
        using var submitted = await alice.PostAsync($"/api/environments/{id}/submit", null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("PendingApproval", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private async Task<HttpClient> ClientAsync(string email) => app.CreateBearerClient((await app.CreateTokenAsync(email)).Token);

    private static StringContent Body(EnvironmentSpec spec) =>
        new(JsonSerializer.Serialize(spec, KundJson.Options), Encoding.UTF8, "application/json");

    private static List<string?> Actions(JsonElement view) => [.. view.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString())];

    private static async Task<Guid> CreateAsync(HttpClient client, EnvironmentSpec spec)
    {
        using var created = await client.PostAsync("/api/environments", Body(spec));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> ReadyProdAsync(HttpClient requester, HttpClient approver, string name)
    {
        var id = await CreateAsync(requester, SeedSpecs.Payments(name) with { Purpose = Purpose.Prod });
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/environments/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "go" })).StatusCode);

        // prod needs a second, distinct approver (the safe default policy).
        using var erin = await app.ClientForAsync(IdentityTestSupport.Erin);
        Assert.Equal(HttpStatusCode.OK, (await erin.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "go too" })).StatusCode);
        var ready = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        return id;
    }
}
