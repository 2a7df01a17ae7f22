using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kund.Domain.Environments;
using Kund.Infrastructure.Webhooks;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Notifications;

/// <summary>A host whose webhook sender polls often and retries after a fifth of a second.</summary>
public class FastWebhookApp : KundAppFactory
{
    public FastWebhookApp()
    {
        Settings["Kund:Webhooks:PollInterval"] = "00:00:00.100";
        Settings["Kund:Webhooks:FirstRetryDelay"] = "00:00:00.200";
        Settings["Kund:Webhooks:MaxRetryDelay"] = "00:00:01";
    }
}

/// <summary>
/// A team's webhooks over the API against a real receiver on loopback: the secret shown once, deliveries
/// signed as api.md says (verified here with the secret), in order per environment, retried after 500s with
/// every attempt recorded; bad URLs and events refused by path.
/// </summary>
public class WebhookApiTests(FastWebhookApp app) : IClassFixture<FastWebhookApp>
{
    [Fact]
    public async Task Deliveries_LifecycleEvents_SignedInOrderRetriedAfter500sEveryAttemptRecorded()
    {
        using var receiver = new LoopbackReceiver(failFirst: 2);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        var created = await admin.PostAsync("/api/teams/team-a/webhooks", ApiClient.Json(
            $$"""{ "url": "{{receiver.Url}}", "events": ["submitted", "approved", "ready"] }"""), 201);
        var secret = (string)created["secret"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = await admin.GetObjectAsync("/api/teams/team-a/webhooks");
        Assert.Contains(listed["items"]!.AsArray(), w => (string)w!["id"]! == (string)created["id"]!);
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);

        var id = await app.ApproveAsync("hooked-dev");
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        await receiver.WaitForAcceptedAsync(3, TimeSpan.FromSeconds(60));

        var accepted = receiver.Accepted.Select(r => (Request: r, Body: JsonNode.Parse(r.Body)!)).ToList();
        Assert.Equal(["submitted", "approved", "ready"], accepted.Select(a => (string)a.Body["event"]!));
        foreach (var (request, body) in accepted)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Body)));
            Assert.Equal(expected, request.Signature);
            Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
            Assert.Equal(id.ToString(), (string)body["environment"]!["id"]!);
            Assert.Equal("hooked-dev", (string)body["environment"]!["name"]!);
            Assert.Equal("team-a", (string)body["environment"]!["team"]!);
            Assert.NotNull(body["id"]);
            Assert.NotNull(body["at"]);
            Assert.Equal(1, (int)body["revision"]!);
        }

        Assert.Equal("Ready", (string)accepted[^1].Body["environment"]!["status"]!);
        Assert.Equal([500, 500, 200], receiver.Requests.Take(3).Select(r => r.Answered));
        Assert.All(receiver.Requests.Take(3), r => Assert.Equal("submitted", r.Event));

        var deliveries = (await admin.GetObjectAsync($"/api/teams/team-a/webhooks/{created["id"]}/deliveries"))["items"]!.AsArray();
        Assert.Equal(["ready", "approved", "submitted"], deliveries.Select(d => (string)d!["event"]!));
        Assert.All(deliveries, d => Assert.Equal("Delivered", (string)d!["status"]!));
        var first = deliveries[^1]!["attempts"]!.AsArray();
        Assert.Equal([500, 500, 200], first.Select(a => (int?)a!["statusCode"]));
        Assert.Contains("500", (string)first[0]!["error"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, deliveries.ToJsonString(), StringComparison.Ordinal);

        using var deleted = await admin.DeleteAsync($"/api/teams/team-a/webhooks/{created["id"]}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await admin.GetAsync($"/api/teams/team-a/webhooks/{created["id"]}/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Test_Ping_SignedDeliveredAfterARetryListedAndAudited_UnknownWebhook404()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        var created = await admin.PostAsync("/api/teams/team-a/webhooks", ApiClient.Json($$"""{ "url": "{{receiver.Url}}", "events": ["destroyed"] }"""), 201);
        var (hook, secret) = ((string)created["id"]!, (string)created["secret"]!);

        var queued = await admin.PostAsync($"/api/teams/team-a/webhooks/{hook}/test", null, 202);

        Assert.Equal("ping", (string)queued["event"]!);
        Assert.Equal("Pending", (string)queued["status"]!);
        await receiver.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(30));
        var ping = Assert.Single(receiver.Accepted);
        Assert.Equal("ping", ping.Event);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ping.Body))), ping.Signature);
        var body = JsonNode.Parse(ping.Body)!;
        Assert.Equal((string)queued["eventId"]!, (string)body["id"]!);
        Assert.Equal("team-a", (string)body["team"]!);
        Assert.Equal(hook, (string)body["webhook"]!);
        Assert.Equal(IdentityTestSupport.Admin, (string)body["requestedBy"]!);
        var delivery = Assert.Single((await admin.GetObjectAsync($"/api/teams/team-a/webhooks/{hook}/deliveries"))["items"]!.AsArray())!;
        Assert.Equal("Delivered", (string)delivery["status"]!);
        Assert.Equal([500, 200], delivery["attempts"]!.AsArray().Select(a => (int?)a!["statusCode"]));
        var audited = (await admin.GetObjectAsync("/api/audit?action=webhook.tested&limit=50"))["items"]!.AsArray();
        Assert.Contains(audited, a => (string?)a!["subject"] == receiver.Url);

        using var unknown = await admin.PostAsync($"/api/teams/team-a/webhooks/{Guid.NewGuid()}/test", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var otherTeam = await admin.PostAsync($"/api/teams/team-b/webhooks/{hook}/test", null);
        Assert.Equal(HttpStatusCode.NotFound, otherTeam.StatusCode);
        Assert.Single(receiver.Requests, r => r.Answered == 200);
    }

    [Theory]
    [InlineData("""{ "url": "ftp://hooks.example.com/kund", "events": ["ready"] }""", "url", "not an absolute http or https URL")]
    [InlineData("""{ "url": "/relative/hook", "events": ["ready"] }""", "url", "not an absolute http or https URL")]
    [InlineData("""{ "events": ["ready"] }""", "url", "Give the URL")]
    [InlineData("""{ "url": "https://hooks.example.com/kund", "events": ["ready", "exploded"] }""", "events[1]", "'exploded' is not an event")]
    [InlineData("""{ "url": "https://hooks.example.com/kund", "events": [] }""", "events", "at least one event")]
    [InlineData("""{ "url": "https://hooks.example.com/kund", "events": "ready" }""", "events", "")]
    public async Task Post_BadWebhook_BadRequestAtPath_NothingStored(string body, string path, string fragment)
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        using var response = await admin.PostAsync("/api/teams/team-b/webhooks", ApiClient.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        var messages = problem["errors"]![path]?.AsArray();
        Assert.True(messages is not null, problem.ToJsonString());
        Assert.Contains(messages, m => ((string)m!).Contains(fragment, StringComparison.Ordinal));
        Assert.Empty((await admin.GetObjectAsync("/api/teams/team-b/webhooks"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    public void Validate_AwsModeInternalAddress_RefusedAtUrl(string url)
    {
        var result = WebhookStore.Validate(url, ["ready"], refuseInternal: true);

        Assert.Contains("loopback, private or link-local", Assert.Single(result.ErrorsAt("url")), StringComparison.Ordinal);
        Assert.True(WebhookStore.Validate(url, ["ready"], refuseInternal: false).IsValid);
        Assert.True(WebhookStore.Validate("https://hooks.example.com/kund", ["ready"], refuseInternal: true).IsValid);
    }
}
