using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Webhooks;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 17: webhook delivery latency from the commit of a transition to its arrival at a receiver on
/// loopback. N webhooks of one team, each on its own path of one Kestrel receiver that timestamps every
/// arrival (<see cref="Stopwatch"/>, CLOCK_MONOTONIC, the same clock as the commit stamps: one process);
/// transitions through the real lifecycle (<see cref="EnvironmentService"/> submit, then reject: the events
/// <c>submitted</c> and <c>rejected</c>, written by <c>EventOutbox</c> in each transition's transaction),
/// each stamped right after its commit. <see cref="WebhookSender"/> runs with its default settings.
/// Two phases: paced (one transition every <c>spacing</c>) and burst (one caller as fast as it commits).
/// </summary>
public static class WebhookBenchmark
{
    private const string Team = "team-hooks";

    public static async Task RunAsync(int webhooks, int pacedEnvironments, int burstEnvironments, TimeSpan spacing)
    {
        var defaults = new WebhookOptions();
        Report.Section($"Webhook delivery latency ({webhooks} webhooks of one team, receiver on loopback; sender defaults: PollInterval {defaults.PollInterval.TotalSeconds:F0} s, BatchSize {defaults.BatchSize}, 8 in parallel)");
        await using var database = await BenchDatabase.CreateAsync("webhooks");
        await using var receiver = await Receiver.StartAsync();
        await using var host = await BenchHost.StartAsync(database, new Dictionary<string, string?>());
        var admin = new KundUser(Guid.NewGuid(), "admin@kund.dev", "Ada Admin", [], [KundRoles.Admin]);
        for (var i = 0; i < webhooks; i++)
        {
            var url = $"{receiver.Address}hook/{i}";
            await host.WithAsync<WebhookStore, CreatedWebhook>(s => s.CreateAsync(admin, Team, url, ["submitted", "rejected"], CancellationToken.None));
        }

        // One environment first, not counted: JIT of the lifecycle, the sender and the receiver.
        await PhaseAsync(host, receiver, webhooks, 1, TimeSpan.Zero);
        Report.Line("");
        Report.Line("| phase | transitions | deliveries | commit → arrival p50 | p95 | p99 | max | deliveries/s | duplicates |");
        Report.Line("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, count, gap) in new[] { ($"paced, one every {spacing.TotalMilliseconds:F0} ms", pacedEnvironments, spacing), ("burst, back to back", burstEnvironments, TimeSpan.Zero) })
        {
            var result = await PhaseAsync(host, receiver, webhooks, count, gap);
            var l = result.Latencies;
            Report.Line($"| {name} | {result.Transitions} ({result.TransitionsPerSecond:F1}/s) | {l.Count:N0} | {Stats.Median(l):F1} ms | {Stats.Percentile(l, 95):F1} ms | {Stats.Percentile(l, 99):F1} ms | {l.Max():F1} ms | {result.DeliveriesPerSecond:F0} | {result.Duplicates} |");
        }

        Report.Line("");
        Report.Line("deliveries/s: deliveries of the phase over the time from its first commit to its last arrival; duplicates: arrivals of an event id a webhook had already received.");
    }

    private static async Task<Phase> PhaseAsync(BenchHost host, Receiver receiver, int webhooks, int environments, TimeSpan spacing)
    {
        var requester = Support.Environments.Requester(Team);
        var drafts = new List<Guid>();
        for (var i = 0; i < environments; i++)
        {
            var spec = Support.Environments.Payments($"hook-{Guid.NewGuid():N}"[..20], Team);
            drafts.Add((await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(requester, spec, CancellationToken.None))).Id);
        }

        receiver.Clear();
        var committed = new Dictionary<(Guid Environment, string Event), long>();
        var started = Stopwatch.GetTimestamp();
        foreach (var id in drafts)
        {
            await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(requester, id, CancellationToken.None));
            committed[(id, "submitted")] = Stopwatch.GetTimestamp();
            await Pause(spacing);
            await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.RejectAsync(Support.Environments.Approver, id, "benchmark", CancellationToken.None));
            committed[(id, "rejected")] = Stopwatch.GetTimestamp();
            await Pause(spacing);
        }

        var produced = Stopwatch.GetElapsedTime(started);
        var expected = committed.Count * webhooks;
        var patience = Stopwatch.StartNew();
        while (receiver.Distinct < expected && patience.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(20);
        }

        Report.Require(receiver.Distinct == expected, $"{receiver.Distinct} of {expected} deliveries arrived within 120 s");
        var firsts = receiver.Arrivals.GroupBy(a => (a.Hook, a.EventId)).Select(g => g.MinBy(a => a.Timestamp)!).ToList();
        var latencies = firsts.Select(a => Stopwatch.GetElapsedTime(committed[(a.Environment, a.Event)], a.Timestamp).TotalMilliseconds).ToList();
        var span = Stopwatch.GetElapsedTime(started, firsts.Max(a => a.Timestamp)).TotalSeconds;
        return new Phase(committed.Count, committed.Count / produced.TotalSeconds, latencies, expected / span, receiver.Arrivals.Count - firsts.Count);
    }

    private static Task Pause(TimeSpan spacing) => spacing > TimeSpan.Zero ? Task.Delay(spacing) : Task.CompletedTask;

    private sealed record Phase(int Transitions, double TransitionsPerSecond, List<double> Latencies, double DeliveriesPerSecond, int Duplicates);

    private sealed record Arrival(int Hook, Guid EventId, string Event, Guid Environment, long Timestamp);

    /// <summary>A Kestrel receiver on loopback: POST /hook/{i} answers 200 and records the arrival, stamped when the body is read.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentQueue<Arrival> arrivals = new();
        private readonly ConcurrentDictionary<(int, Guid), byte> seen = new();
        private WebApplication app = null!;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<Arrival> Arrivals => [.. arrivals];

        public int Distinct => seen.Count;

        public void Clear()
        {
            arrivals.Clear();
            seen.Clear();
        }

        public static async Task<Receiver> StartAsync()
        {
            var receiver = new Receiver();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/hook/{hook:int}", async (int hook, HttpRequest request) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                var at = Stopwatch.GetTimestamp();
                var root = body.RootElement;
                var arrival = new Arrival(hook, root.GetProperty("id").GetGuid(), root.GetProperty("event").GetString()!, root.GetProperty("environment").GetProperty("id").GetGuid(), at);
                receiver.arrivals.Enqueue(arrival);
                receiver.seen.TryAdd((hook, arrival.EventId), 0);
                return Results.Ok();
            });
            await app.StartAsync();
            receiver.app = app;
            receiver.Address = new Uri(app.Urls.First().TrimEnd('/') + "/");
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
