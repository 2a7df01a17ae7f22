using System.Globalization;
using System.Text.Json.Nodes;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Teams;

/// <summary>
/// An extension beyond the team's TTL maximum asked for by a member: a request in PostgreSQL (202) that an
/// approver who did not ask for it approves (<c>expiresAt</c> moves) or rejects (it stays), one at a time per
/// environment, audited and told to the requester.
/// </summary>
public class ExtensionRequestApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Policy = """{ "ttl": { "dev": { "defaultDays": 2, "maxDays": 10 } }, "approvals": { "dev": 1, "prod": 2 } }""";

    [Fact]
    public async Task Extend_MemberBeyondMaximum_WaitsThenApprovedByAnotherApprover()
    {
        var id = await ReadyAsync("ext-approved");
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var before = ExpiresAt(await alice.GetObjectAsync($"/api/environments/{id}"));

        using var asked = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 30 }"""));
        Assert.Equal(202, (int)asked.StatusCode);
        var request = await asked.ReadObjectAsync();
        var extensionId = (string)request["id"]!;
        Assert.Equal($"/api/environments/{id}/extensions/{extensionId}", asked.Headers.Location!.OriginalString);
        Assert.Equal("PendingApproval", (string)request["status"]!);
        Assert.Equal(IdentityTestSupport.Alice, (string)request["requestedBy"]!);
        Assert.Equal(before.AddDays(30), Time(request["until"]));
        Assert.Equal(before, ExpiresAt(await alice.GetObjectAsync($"/api/environments/{id}")));
        Assert.Equal("PendingApproval", (string)(await alice.GetObjectAsync($"/api/environments/{id}/extensions/{extensionId}"))["status"]!);

        var second = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 40 }"""), 409);
        Assert.Equal(extensionId, (string)second["pendingExtension"]!["id"]!);
        Assert.Contains(extensionId, (string)second["detail"]!, StringComparison.Ordinal);

        var heard = (await carol.GetObjectAsync("/api/notifications"))["items"]!.AsArray();
        Assert.Contains(heard, n => (string)n!["event"]! == "extend-requested" && (string)n["environment"]!["id"]! == id.ToString());
        var waiting = (await carol.GetObjectAsync("/api/extensions"))["items"]!.AsArray();
        var listed = Assert.Single(waiting, e => (string)e!["id"]! == extensionId);
        Assert.Equal("ext-approved", (string)listed!["environmentName"]!);
        Assert.False((bool)listed["askedByCaller"]!);
        using (var byRequester = await alice.PostAsync($"/api/environments/{id}/extensions/{extensionId}/approve", null))
        {
            Assert.Equal(403, (int)byRequester.StatusCode);
        }

        var approved = await carol.PostAsync($"/api/environments/{id}/extensions/{extensionId}/approve", ApiClient.Json("""{ "comment": "release week" }"""), 200);

        Assert.Equal("Approved", (string)approved["status"]!);
        Assert.Equal(IdentityTestSupport.Carol, (string)approved["decidedBy"]!);
        Assert.Equal(before.AddDays(30), ExpiresAt(await alice.GetObjectAsync($"/api/environments/{id}")));
        Assert.DoesNotContain((await carol.GetObjectAsync("/api/extensions"))["items"]!.AsArray(), e => (string)e!["id"]! == extensionId);
        var again = await carol.PostAsync($"/api/environments/{id}/extensions/{extensionId}/reject", null, 409);
        Assert.Equal("Approved", (string)again["currentStatus"]!);

        var requestedAudit = Assert.Single((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.extension-requested"))["items"]!.AsArray());
        Assert.Equal(IdentityTestSupport.Alice, (string)requestedAudit!["actor"]!);
        var extended = Assert.Single((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.extended"))["items"]!.AsArray());
        Assert.Equal(IdentityTestSupport.Carol, (string)extended!["actor"]!);
        Assert.EndsWith("(approved beyond the policy's maximum)", (string)extended["details"]!["expiresAt"]!, StringComparison.Ordinal);
        Assert.Equal(IdentityTestSupport.Alice, (string)extended["details"]!["requestedBy"]!);
        var told = (await alice.GetObjectAsync("/api/notifications"))["items"]!.AsArray();
        Assert.Contains(told, n => (string)n!["event"]! == "extend-approved" && (string)n["environment"]!["id"]! == id.ToString());
    }

    [Fact]
    public async Task Extend_ApproverInTheTeamBeyondMaximum_AsksCannotApproveOwn_RejectedKeepsExpiry()
    {
        var id = await ReadyAsync("ext-rejected");
        using var erin = await app.ClientForAsync(IdentityTestSupport.Erin);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var before = ExpiresAt(await erin.GetObjectAsync($"/api/environments/{id}"));

        // Erin of the callers works in team-a and approves: beyond the maximum she asks like any member.
        var outcome = await app.WithAsync<EnvironmentService, ExtendOutcome>(s => s.ExtendAsync(Callers.Erin, id, 20, CancellationToken.None));
        Assert.Null(outcome.Extended);
        var extensionId = outcome.Requested!.Id.ToString();
        await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            app.WithAsync<EnvironmentService, ExtensionRequest>(s => s.ApproveExtensionAsync(Callers.Erin, id, outcome.Requested.Id, null, CancellationToken.None)));
        var own = (await erin.GetObjectAsync($"/api/environments/{id}/extensions/{extensionId}"));
        Assert.True((bool)own["askedByCaller"]!);

        var rejected = await carol.PostAsync($"/api/environments/{id}/extensions/{extensionId}/reject", ApiClient.Json("""{ "comment": "destroy and recreate it instead" }"""), 200);

        Assert.Equal("Rejected", (string)rejected["status"]!);
        Assert.Equal("destroy and recreate it instead", (string)rejected["comment"]!);
        Assert.Equal(before, ExpiresAt(await erin.GetObjectAsync($"/api/environments/{id}")));
        var audited = Assert.Single((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.extension-rejected"))["items"]!.AsArray());
        Assert.Equal(IdentityTestSupport.Carol, (string)audited!["actor"]!);
        Assert.Empty((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.extended"))["items"]!.AsArray());
        var told = (await erin.GetObjectAsync("/api/notifications"))["items"]!.AsArray();
        Assert.Contains(told, n => (string)n!["event"]! == "extend-rejected" && (string)n["environment"]!["id"]! == id.ToString());

        // Answered, it no longer blocks the next one.
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 15 }"""), 202);
        var history = (await erin.GetObjectAsync($"/api/environments/{id}/extensions"))["items"]!.AsArray();
        Assert.Equal(["PendingApproval", "Rejected"], history.Select(e => (string)e!["status"]!));
    }

    [Fact]
    public async Task Extend_ManyAtOnceBeyondMaximum_OneWaitsTheOthers409()
    {
        var id = await ReadyAsync("ext-race");
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.ClientForAsync(IdentityTestSupport.Alice)));
        try
        {
            var answers = await Task.WhenAll(clients.Select((c, i) => c.PostAsync($"/api/environments/{id}/extend", ApiClient.Json($$"""{ "days": {{20 + i}} }"""))));

            Assert.Single(answers, a => (int)a.StatusCode == 202);
            Assert.All(answers.Where(a => (int)a.StatusCode != 202), a => Assert.Equal(409, (int)a.StatusCode));
            var stored = (await clients[0].GetObjectAsync($"/api/environments/{id}/extensions"))["items"]!.AsArray();
            Assert.Equal("PendingApproval", (string)Assert.Single(stored)!["status"]!);
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("{}", "days")]
    [InlineData("""{ "days": 0 }""", "days")]
    [InlineData("""{ "days": -3 }""", "days")]
    [InlineData("""{ "days": 366 }""", "days")]
    [InlineData("""{ "days": 99999999999999 }""", "days")]
    [InlineData("""{ "days": "a week" }""", "days")]
    [InlineData("""{ "days": 2.5 }""", "days")]
    public async Task Extend_BadDays_400AtDaysNothingStored(string body, string path)
    {
        var id = await DraftAsync();
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var problem = await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json(body), 400);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(path), problem.ToJsonString());
        Assert.Empty((await alice.GetObjectAsync($"/api/environments/{id}/extensions"))["items"]!.AsArray());
    }

    [Fact]
    public async Task DecideExtension_Unknown404_CommentTooLong400()
    {
        var id = await DraftAsync();
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);

        var unknown = await carol.PostAsync($"/api/environments/{id}/extensions/{Guid.NewGuid()}/approve", null, 404);
        var comment = new JsonObject { ["comment"] = new string('x', 2001) }.ToJsonString();
        var tooLong = await carol.PostAsync($"/api/environments/{id}/extensions/{Guid.NewGuid()}/reject", ApiClient.Json(comment), 400);

        Assert.Equal("Extension request not found", (string)unknown["title"]!);
        Assert.True(tooLong["errors"]!.AsObject().ContainsKey("comment"));
    }

    private static DateTimeOffset ExpiresAt(JsonObject view) => Time(view["expiresAt"]);

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    /// <summary>A draft: days are checked before the status, so bad input needs no environment running.</summary>
    private async Task<Guid> DraftAsync() =>
        (await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("ext-input-" + Guid.NewGuid().ToString("N")[..6]), CancellationToken.None))).Id;

    private async Task<Guid> ReadyAsync(string name)
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await admin.PutJsonAsync("/api/teams/team-a/policy", Policy, 200);
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var view = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, view.Status);
        return draft.Id;
    }
}
