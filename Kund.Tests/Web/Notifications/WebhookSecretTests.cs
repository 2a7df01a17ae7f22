using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Kund.Domain.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Kund.Tests.Web.Notifications;

/// <summary>The fast webhook host with every line Kund logs kept: the message, its structured values, scopes and exceptions.</summary>
public sealed class LoggedWebhookApp : FastWebhookApp
{
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new KeepingLoggerProvider(Logs));

            // Every category at every level for this provider, whatever the configuration filters for others.
            logging.AddFilter<KeepingLoggerProvider>(null, LogLevel.Trace);
        });
    }

    private sealed class KeepingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new KeepingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class KeepingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state} {Values(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {Values(state)} {exception}");

        // The structured values too: a template may keep a value it does not print.
        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
    }
}

/// <summary>
/// A webhook's secret is shown once, in the answer that creates it: afterwards no answer of the API and no
/// line Kund logs holds it — across signed deliveries, retries after 500s, a receiver that refuses
/// connections (failed attempts retried with backoff) and the test-delivery endpoint.
/// </summary>
public class WebhookSecretTests(LoggedWebhookApp app, ITestOutputHelper output) : IClassFixture<LoggedWebhookApp>
{
    private readonly ConcurrentQueue<string> answers = new();

    [Fact]
    public async Task Secret_AfterCreation_InNoResponseAndNoLogLine()
    {
        using var receiver = new LoopbackReceiver(failFirst: 2);
        var refusing = $"http://127.0.0.1:{FreePort()}/hook";
        string secret, hook, deadHook;
        using (var creator = await app.ClientForAsync(IdentityTestSupport.Admin))
        {
            var created = await creator.PostAsync("/api/teams/team-a/webhooks", ApiClient.Json($$"""{ "url": "{{receiver.Url}}", "events": ["submitted", "approved", "ready"] }"""), 201);
            var dead = await creator.PostAsync("/api/teams/team-a/webhooks", ApiClient.Json($$"""{ "url": "{{refusing}}", "events": ["submitted", "ready"] }"""), 201);
            secret = (string)created["secret"]!;
            hook = (string)created["id"]!;
            deadHook = (string)dead["id"]!;
            Assert.NotEqual(secret, (string)dead["secret"]!);
        }

        using var admin = await RecordingClientAsync(IdentityTestSupport.Admin);
        using var alice = await RecordingClientAsync(IdentityTestSupport.Alice);
        var id = await app.ApproveAsync("secret-dev");
        Assert.Equal(EnvironmentStatus.Ready, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed)).Status);
        await Send(admin, HttpMethod.Post, $"/api/teams/team-a/webhooks/{hook}/test", 202);
        await Send(admin, HttpMethod.Post, $"/api/teams/team-a/webhooks/{deadHook}/test", 202);
        await receiver.WaitForAcceptedAsync(4, TimeSpan.FromSeconds(60));
        await WaitForFailedAttemptsAsync(admin, deadHook, 3);

        await Send(admin, HttpMethod.Get, "/api/teams/team-a/webhooks", 200);
        await Send(admin, HttpMethod.Get, $"/api/teams/team-a/webhooks/{hook}/deliveries", 200);
        await Send(admin, HttpMethod.Get, $"/api/teams/team-a/webhooks/{deadHook}/deliveries", 200);
        await Send(admin, HttpMethod.Get, "/api/audit?team=team-a&limit=200", 200);
        await Send(admin, HttpMethod.Get, "/api/audit/export?team=team-a", 200);
        await Send(admin, HttpMethod.Get, "/api/teams/team-a/policy", 200);
        await Send(alice, HttpMethod.Get, "/api/notifications", 200);
        await Send(alice, HttpMethod.Get, $"/api/environments/{id}/events", 200);
        await Send(admin, HttpMethod.Delete, $"/api/teams/team-a/webhooks/{deadHook}", 200);

        Assert.Equal([500, 500, 200], receiver.Requests.Take(3).Select(r => r.Answered));
        Assert.Contains(receiver.Accepted, r => r.Event == "ping");
        var logs = app.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains(deadHook, StringComparison.Ordinal) || l.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.True(answers.Count >= 12, $"{answers.Count} answers recorded");
        output.WriteLine($"secret looked for in {answers.Count} answers and {logs.Length} log lines (every level)");
        // The secret, and its random part without the prefix.
        foreach (var text in (string[])[secret, secret["whsec_".Length..]])
        {
            Assert.DoesNotContain(answers, a => a.Contains(text, StringComparison.Ordinal));
            Assert.DoesNotContain(logs, l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    private async Task<HttpClient> RecordingClientAsync(string email)
    {
        var token = (await app.CreateTokenAsync(email)).Token;
        var client = app.CreateDefaultClient(new Recorder(answers));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task Send(HttpClient client, HttpMethod method, string path, int expected)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        Assert.True((int)response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task WaitForFailedAttemptsAsync(HttpClient admin, string hook, int attempts)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var deliveries = (await admin.GetObjectAsync($"/api/teams/team-a/webhooks/{hook}/deliveries"))["items"]!.AsArray();
            var ping = deliveries.FirstOrDefault(d => (string)d!["event"]! == "ping");
            if (ping is not null && ping["attempts"]!.AsArray().Count >= attempts)
            {
                Assert.All(ping["attempts"]!.AsArray(), a => Assert.Null((int?)a!["statusCode"]));
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"fewer than {attempts} attempts at the refusing receiver: {deliveries.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Keeps every answer's status line, headers and body.</summary>
    private sealed class Recorder(ConcurrentQueue<string> answers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var text = new StringBuilder($"{request.Method} {request.RequestUri} {(int)response.StatusCode}\n");
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                text.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
            }

            text.Append(await response.Content.ReadAsStringAsync(cancellationToken));
            answers.Enqueue(text.ToString());
            return response;
        }
    }
}
