using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Npgsql;
using Xunit.Abstractions;

namespace Kund.Tests.Web.Notifications;

/// <summary>
/// Issue 17, "nothing lost across a kill -9 of Kund": Kund.Web.dll as a separate process, two webhooks of a
/// team against receivers on loopback, environments submitted, approved and provisioned to Ready over the
/// API while the receivers answer 500, then SIGKILL while a receiver holds a delivery (claimed, sent, not
/// yet answered), and Kund started again on the same database. In the end every event has exactly one
/// Delivered delivery per webhook, each receiver accepted every event id at least once, in order per
/// environment, and every request's signature verifies. Duplicates by id are allowed (at-least-once).
/// </summary>
public sealed class WebhookKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Lifecycle = ["submitted", "approved", "ready"];

    private readonly TestDatabase database = new();
    private readonly string statePath = Path.Combine(Path.GetTempPath(), $"kund-webhook-kill-{Guid.NewGuid():N}.json");

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        File.Delete(statePath);
    }

    [Fact]
    public async Task KillMinus9_MidDelivery_RestartedKundDeliversEveryEventOncePerWebhook_ReceiversGetEachInOrder_SignaturesVerify()
    {
        var clock = Stopwatch.StartNew();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Kund"] = database.ConnectionString,
            ["Kund__Mode"] = "Sandbox",
            ["Kund__Sandbox__TimeScale"] = "600",
            ["Kund__Sandbox__IamReadAfterWriteWindow"] = "00:00:05",
            ["Kund__Sandbox__StatePath"] = statePath,
            ["Kund__Webhooks__PollInterval"] = "00:00:00.200",
            ["Kund__Webhooks__FirstRetryDelay"] = "00:00:00.200",
            ["Kund__Webhooks__MaxRetryDelay"] = "00:00:00.500",
            // A claim lasts two timeouts: 8 s after its send the restarted node may take a held delivery over; till then the
            // rows read after the kill still show the claims of the killed process.
            ["Kund__Webhooks__Timeout"] = "00:00:04",
        };
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { IdentityTestSupport.Admin, IdentityTestSupport.Alice, IdentityTestSupport.Carol })
        {
            var (exitCode, stdout, stderr) = await KundProcess.RunAsync(["token", "create", "--user", user, "--name", "kill-test"], environment);
            Assert.True(exitCode == 0, stderr);
            tokens[user] = stdout.Trim();
        }

        using var first = new LoopbackReceiver { Refusing = true };
        using var second = new LoopbackReceiver { Refusing = true };
        var receivers = new[] { first, second };
        var secrets = new Dictionary<LoopbackReceiver, string>();
        var environments = new List<Guid>();
        var kund = await RunningKund.StartAsync(environment);
        try
        {
            using (var admin = Client(kund, tokens[IdentityTestSupport.Admin]))
            {
                foreach (var receiver in receivers)
                {
                    var created = await admin.PostAsync("/api/teams/team-a/webhooks", ApiClient.Json(
                        $$"""{ "url": "{{receiver.Url}}", "events": ["submitted", "approved", "ready"] }"""), 201);
                    secrets[receiver] = (string)created["secret"]!;
                }
            }

            using var alice = Client(kund, tokens[IdentityTestSupport.Alice]);
            using var carol = Client(kund, tokens[IdentityTestSupport.Carol]);
            for (var i = 0; i < 3; i++)
            {
                var id = Guid.Parse((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments($"kill9-{i}")), 201))["id"]!);
                await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
                await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{"comment":"ok"}"""), 200);
                environments.Add(id);
            }

            foreach (var id in environments)
            {
                Assert.Equal("Ready", (string)(await alice.WaitForStatusAsync(id, "Ready", "Failed"))["status"]!);
            }

            Assert.All(receivers, r => Assert.DoesNotContain(r.Requests, q => q.Answered == 200));
            Assert.True(receivers.Sum(r => r.Requests.Count) > 0, "no delivery was attempted while the receivers answered 500");

            // Now the receivers accept, slowly: each request is held 700 ms. Kill while one is held.
            foreach (var receiver in receivers)
            {
                receiver.Delay = TimeSpan.FromMilliseconds(700);
                receiver.Refusing = false;
            }

            using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                while (!(first.Accepted.Count >= 2 && receivers.Any(r => r.InFlight > 0)))
                {
                    Assert.False(patience.IsCancellationRequested, $"no held delivery after 2 accepted: {first.Accepted.Count} accepted\n{kund.Log}");
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        }
        finally
        {
            await kund.KillAsync();
        }

        var killedAt = clock.Elapsed;
        var (pending, claimed) = await PendingAndClaimedAsync();
        output.WriteLine($"killed after {killedAt.TotalSeconds:F1} s: {pending} deliveries pending, {claimed} of them claimed by the killed process");
        Assert.True(pending > 0, "every delivery was done before the kill: the kill proves nothing");
        Assert.True(claimed > 0, "no delivery was claimed at the kill");

        foreach (var receiver in receivers)
        {
            receiver.Delay = TimeSpan.Zero;
        }

        await using (var restarted = await RunningKund.StartAsync(environment))
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await PendingAndClaimedAsync()).Pending > 0)
            {
                Assert.False(patience.IsCancellationRequested, $"deliveries still pending 30 s after the restart\n{restarted.Log}");
                await Task.Delay(100, CancellationToken.None);
            }
        }

        // The rows: one delivery per event and webhook, each Delivered; the events are the three of each environment.
        var rows = await DeliveriesAsync();
        var hooks = rows.Select(r => r.WebhookId).Distinct().ToList();
        Assert.Equal(2, hooks.Count);
        Assert.Equal(environments.Count * Lifecycle.Length * hooks.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal("Delivered", r.Status));
        Assert.All(rows.GroupBy(r => (r.EventId, r.WebhookId)), g => Assert.Single(g));
        var events = rows.GroupBy(r => r.EventId).ToList();
        Assert.All(events, e => Assert.Equal(hooks.Order(), e.Select(r => r.WebhookId).Order()));
        foreach (var id in environments)
        {
            Assert.Equal(Lifecycle, rows.Where(r => r.EnvironmentId == id && r.WebhookId == hooks[0]).OrderBy(r => r.Id).Select(r => r.Event));
        }

        // The receivers: each event id accepted at least once, first acceptances in order per environment, every signature good.
        var duplicates = 0;
        foreach (var receiver in receivers)
        {
            foreach (var request in receiver.Requests)
            {
                var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secrets[receiver]), Encoding.UTF8.GetBytes(request.Body)));
                Assert.Equal(expected, request.Signature);
            }

            var accepted = receiver.Accepted.Select(r => JsonNode.Parse(r.Body)!).Select(b => (Id: Guid.Parse((string)b["id"]!), Event: (string)b["event"]!, Environment: Guid.Parse((string)b["environment"]!["id"]!))).ToList();
            Assert.Equal(events.Select(e => e.Key).Order(), accepted.Select(a => a.Id).Distinct().Order());
            foreach (var id in environments)
            {
                var firsts = accepted.Where(a => a.Environment == id).DistinctBy(a => a.Id).Select(a => a.Event);
                Assert.Equal(Lifecycle, firsts);
            }

            duplicates += accepted.Count - accepted.Select(a => a.Id).Distinct().Count();
        }

        var attempts = await ScalarAsync("select count(*) from webhook_attempts");
        output.WriteLine(
            $"{events.Count} events × {hooks.Count} webhooks: {rows.Count} deliveries, all Delivered; receivers got {receivers.Sum(r => r.Requests.Count)} requests "
            + $"({receivers.Sum(r => r.Accepted.Count)} answered 200, {duplicates} duplicate by id), {attempts} attempts recorded; {clock.Elapsed.TotalSeconds:F1} s in all");
    }

    private static HttpClient Client(RunningKund kund, string token)
    {
        var client = new HttpClient { BaseAddress = kund.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(long Pending, long Claimed)> PendingAndClaimedAsync() =>
        (await ScalarAsync("""select count(*) from webhook_deliveries where "Status" = 'Pending'"""),
         await ScalarAsync("""select count(*) from webhook_deliveries where "Status" = 'Pending' and "ClaimedUntil" > now()"""));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<Row>> DeliveriesAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""select "Id", "EventId", "WebhookId", "EnvironmentId", "Event", "Status" from webhook_deliveries order by "Id" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private sealed record Row(long Id, Guid EventId, Guid WebhookId, Guid EnvironmentId, string Event, string Status);
}
