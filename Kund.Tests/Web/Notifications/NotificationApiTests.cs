using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Notifications;
using Kund.Tests.Infrastructure.Drift;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Web.Notifications;

/// <summary>
/// <c>GET /api/notifications</c> and <c>POST …/{id}/read</c> over PostgreSQL, fed by the lifecycle (submitted to
/// approvers; approved and ready to the requester), by drift checks (drifted) and by expiry reminders
/// (expiring, each once, across a restart, on a fake clock).
/// </summary>
public class NotificationApiTests(ManualDriftApp app) : IClassFixture<ManualDriftApp>
{
    [Fact]
    public async Task Lifecycle_SubmitThenApproveToReady_ApproversThenRequesterTold_NewestFirst_ReadByTheRecipientOnly()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("notify-life")), 201);
        var id = Guid.Parse((string)draft["id"]!);

        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);

        Assert.Equal([KundEvents.Submitted], await EventsAsync(carol, id));
        Assert.Empty(await EventsAsync(alice, id));

        await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("{}"), 200);
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);

        Assert.Equal([KundEvents.Ready, KundEvents.Approved], await EventsAsync(alice, id));
        Assert.Equal([KundEvents.Submitted], await EventsAsync(carol, id));
        Assert.Empty(await EventsAsync(bob, id));

        var before = await alice.GetObjectAsync("/api/notifications");
        var newest = before["items"]!.AsArray().First(n => (string)n!["environment"]!["id"]! == id.ToString())!;
        Assert.Equal("notify-life", (string)newest["environment"]!["name"]!);
        Assert.False((bool)newest["read"]!);
        await bob.PostAsync($"/api/notifications/{newest["id"]}/read", null, 404);
        var read = await alice.PostAsync($"/api/notifications/{newest["id"]}/read", null, 200);
        Assert.True((bool)read["read"]!);
        var after = await alice.GetObjectAsync("/api/notifications");
        Assert.Equal((int)before["unread"]! - 1, (int)after["unread"]!);

        using var refused = await alice.GetAsync("/api/notifications?limit=0");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadObjectAsync())["errors"]!["limit"]);
    }

    [Fact]
    public async Task DriftCheck_TagChangedOutOfBand_RequesterToldDrifted()
    {
        var id = await app.ApproveAsync("notify-drift");
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2("ap-northeast-2");
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [ready.Outputs.VpcId!], Tags = [new Tag("cost-center", "changed-by-hand")] });

        await app.WithAsync<DriftService, DriftView>(s => s.RequestAsync(Callers.Alice, id, CancellationToken.None));
        await app.Services.GetRequiredService<DriftRunner>().RunPassAsync(CancellationToken.None);

        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var drifted = (await NotesAsync(alice, id)).Where(n => (string)n["event"]! == KundEvents.Drifted).ToList();
        var note = Assert.Single(drifted);
        Assert.StartsWith("Drift found", (string)note["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemindDue_24HoursThen1HourBefore_EachOnceAcrossARestart_ExtendedRemindedAgain()
    {
        var id = await app.ApproveAsync(SeedSpecs.Payments("notify-expiry") with { ExpiresAt = DateTimeOffset.UtcNow.AddHours(2) });
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var expiresAt = ready.ExpiresAt!.Value;

        // The test host's time scale is 600: 24 hours before is 144 s before, 1 hour before is 6 s.
        Assert.Equal(0, await ExpiryAt(expiresAt.AddSeconds(-200)).RemindDueAsync(CancellationToken.None));
        var day = ExpiryAt(expiresAt.AddSeconds(-100));
        Assert.Equal(1, await day.RemindDueAsync(CancellationToken.None));
        Assert.Equal(0, await day.RemindDueAsync(CancellationToken.None));
        Assert.Equal(0, await ExpiryAt(expiresAt.AddSeconds(-90)).RemindDueAsync(CancellationToken.None));
        var hour = ExpiryAt(expiresAt.AddSeconds(-3));
        Assert.Equal(1, await hour.RemindDueAsync(CancellationToken.None));
        Assert.Equal(0, await ExpiryAt(expiresAt.AddSeconds(-2)).RemindDueAsync(CancellationToken.None));

        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        Assert.Equal(2, (await EventsAsync(alice, id)).Count(e => e == KundEvents.Expiring));
        Assert.Contains("Expires in", (string)(await NotesAsync(alice, id)).First(n => (string)n["event"]! == KundEvents.Expiring)["message"]!, StringComparison.Ordinal);

        // Extended: the new expiry is reminded of again; found late, the nearer reminder alone says it.
        await alice.PostAsync($"/api/environments/{id}/extend", ApiClient.Json("""{ "days": 1 }"""), 200);
        var until = (await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None))).ExpiresAt!.Value;
        Assert.True(until > expiresAt);
        Assert.Equal(1, await ExpiryAt(until.AddSeconds(-3)).RemindDueAsync(CancellationToken.None));
        Assert.Equal(0, await ExpiryAt(until.AddSeconds(-100)).RemindDueAsync(CancellationToken.None));
        Assert.Equal(3, (await EventsAsync(alice, id)).Count(e => e == KundEvents.Expiring));
    }

    private ExpiryService ExpiryAt(DateTimeOffset now) =>
        new(app.Services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now), NullLogger<ExpiryService>.Instance);

    private static async Task<List<JsonObject>> NotesAsync(HttpClient client, Guid id) =>
        [.. (await client.GetObjectAsync("/api/notifications?limit=200"))["items"]!.AsArray()
            .Select(n => n!.AsObject())
            .Where(n => (string)n["environment"]!["id"]! == id.ToString())];

    private static async Task<List<string>> EventsAsync(HttpClient client, Guid id) =>
        [.. (await NotesAsync(client, id)).Select(n => (string)n["event"]!)];
}
