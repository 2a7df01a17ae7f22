using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 19.5: several Kund processes on one PostgreSQL, many environments approved at once. The cloud is the
/// bench's own Kund host (worker off) serving its sandbox at <c>/sandbox/aws</c>, which every node's clients call
/// (<c>Kund:Sandbox:CloudUrl</c>), as the nodes of a real installation share one AWS account. Hub watchers are
/// spread over the nodes, each watching every environment. Once the run is under way the last node is killed
/// (SIGKILL); its jobs must be taken over by the others within the lease, and its watchers reconnect to another
/// node and catch up from the last event they saw, as a client behind a load balancer would.
/// </summary>
public static class ScaleOutBenchmark
{
    public static async Task RunAsync(int environments, int nodes, double timeScale, int watchersPerNode, TimeSpan leaseDuration)
    {
        Report.Section($"Scale-out: {nodes} Kund processes on one PostgreSQL, {environments} environments approved at once (TimeScale {timeScale}, EC2 throttling off, lease {leaseDuration.TotalSeconds:F0} s; load average {Report.LoadAverage()})");
        await using var database = await BenchDatabase.CreateAsync("scaleout");
        var quota = (environments + 5).ToString(CultureInfo.InvariantCulture);
        var shared = new Dictionary<string, string?>
        {
            ["Kund:Sandbox:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
            // Throttling would make EC2's per-account rates the bound (benchmark 2), and every node's client-side
            // copy of the buckets would draw on one account's buckets as if it had them alone.
            ["Kund:Sandbox:ThrottlingEnabled"] = "false",
            ["Kund:Drift:Scheduled"] = "false",
            ["Kund:Provisioning:LeaseDuration"] = leaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Kund:Provisioning:HeartbeatInterval"] = (leaseDuration / 3).ToString("c", CultureInfo.InvariantCulture),
            ["Kund:Provisioning:PollInterval"] = (leaseDuration / 6).ToString("c", CultureInfo.InvariantCulture),
            // Sized as docs/scaling.md says: the nodes left when one is lost can hold every job at once. Below that
            // the killed node's jobs wait for the survivors' own to end, not for its leases to run out.
            ["Kund:Provisioning:MaxConcurrentJobs"] = JobsPerNode(environments, nodes).ToString(CultureInfo.InvariantCulture),
        };
        await using var cloud = await BenchHost.StartAsync(database, new Dictionary<string, string?>(shared)
        {
            ["Kund:Provisioning:RunWorker"] = "false",
            ["Kund:Sandbox:VpcLimitPerRegion"] = quota,
            ["Kund:Sandbox:AddressLimitPerRegion"] = quota,
            // 300 approvals at once queue for the audit chain's lock: a longer wait for a connection than Npgsql's 15 s.
            ["ConnectionStrings:Kund"] = $"{database.ConnectionString};Maximum Pool Size=60;Timeout=120",
        });
        var cloudUrl = new Uri(cloud.Address, "/sandbox/aws");

        var running = new List<KundNode>();
        try
        {
            foreach (var n in Enumerable.Range(1, nodes))
            {
                var variables = shared.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
                variables["ConnectionStrings__Kund"] = $"{database.ConnectionString};Maximum Pool Size={Math.Max(20, 210 / nodes)}";
                variables["Kund__Mode"] = "Sandbox";
                variables["Kund__Sandbox__CloudUrl"] = cloudUrl.ToString();
                running.Add(await KundNode.StartAsync($"node {n}", variables));
            }

            await MeasureAsync(database, cloud, running, environments, timeScale, watchersPerNode, leaseDuration);
        }
        finally
        {
            foreach (var node in running)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Jobs one node runs at once so that <paramref name="nodes"/> − 1 of them hold all <paramref name="environments"/>.</summary>
    private static int JobsPerNode(int environments, int nodes) => Math.Max(1, (environments + nodes - 2) / Math.Max(1, nodes - 1));

    private static async Task MeasureAsync(BenchDatabase database, BenchHost cloud, List<KundNode> nodes, int environments, double timeScale, int watchersPerNode, TimeSpan leaseDuration)
    {
        var teams = Math.Max(1, environments / 2);
        var submitted = new List<TeamEnvironment>();
        foreach (var i in Enumerable.Range(0, environments))
        {
            submitted.Add(await Support.Environments.SubmitAsync(cloud, Support.Environments.Payments($"scale-{i + 1:D3}", $"team-{(i % teams) + 1:D3}")));
        }

        var ids = submitted.Select(e => e.Id).ToList();
        var user = await cloud.WithAsync<UserDirectory, KundUser?>(d => d.SignInAsync(Support.Environments.Approver.Email, null, "bench", CancellationToken.None))
            ?? throw new BenchmarkFailedException("the demo approver is missing");
        var token = (await cloud.WithAsync<ApiTokens, CreatedApiToken>(t => t.CreateAsync(user, "cli", "scale-out", null, CancellationToken.None))).Token;
        var watchers = new List<Watcher>();
        foreach (var node in nodes)
        {
            foreach (var _ in Enumerable.Range(0, watchersPerNode))
            {
                watchers.Add(await Watcher.StartAsync(node, token, ids));
            }
        }

        var clock = new Stopwatch();
        await using var sampler = new LeaseSampler(database.ConnectionString, nodes, clock);
        var victim = nodes[^1];
        clock.Start();
        await Task.WhenAll(submitted.Select(e => Support.Environments.ApproveAsync(cloud, e.Id)));
        var approved = clock.Elapsed;

        // Mid-run: once the victim holds jobs and the run is past a third of one environment's critical path.
        var killAfter = MakespanBenchmark.CriticalPath(timeScale) * 0.35;
        while (clock.Elapsed < killAfter || sampler.Holding(victim) == 0)
        {
            Report.Require(clock.Elapsed < TimeSpan.FromMinutes(5), $"{victim.Name} held no job within 5 minutes:\n{victim.Tail}");
            await Task.Delay(20);
        }

        var orphaned = sampler.HeldBy(victim);
        await victim.KillAsync();
        var killedAt = clock.Elapsed;
        var expiries = await LeaseExpiriesAsync(database, orphaned, killedAt);
        var survivor = nodes[0];
        await Task.WhenAll(watchers.Where(w => w.Node == victim).Select(w => w.MoveToAsync(survivor, token)));

        var timeout = TimeSpan.FromSeconds(600) + leaseDuration;
        (int Ready, int Failed) counts;
        do
        {
            await Task.Delay(250);
            counts = await CountAsync(database, ids);
        }
        while (counts.Ready + counts.Failed < environments && clock.Elapsed < timeout);

        var allReady = clock.Elapsed;
        var usage = nodes.Where(n => !n.Killed).ToDictionary(n => n, n => n.Usage());
        Report.Require(counts.Ready == environments, $"{counts.Ready} of {environments} environments Ready after {allReady.TotalSeconds:F0} s ({counts.Failed} failed)");

        // Deliveries: every watcher must hold every event the database has for every environment.
        var events = await EventsAsync(database, ids);
        var deadline = Stopwatch.StartNew();
        while (watchers.Any(w => w.Missing(events) > 0) && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        var missing = watchers.Sum(w => w.Missing(events));
        var takeovers = orphaned.Select(id => sampler.TakenOverAt(id, victim) is { } at ? (at - killedAt).TotalSeconds : double.NaN).ToList();
        var afterExpiry = orphaned
            .Select(id => sampler.TakenOverAt(id, victim) is { } at && expiries.TryGetValue(id, out var expired) ? (at - expired).TotalSeconds : double.NaN)
            .Where(double.IsFinite).ToList();
        await Task.WhenAll(watchers.Select(w => w.DisposeAsync().AsTask()));

        Report.Line("");
        Report.Line("| node | jobs leased (first lease) | jobs taken over from the killed node | CPU s | peak resident (MiB) |");
        Report.Line("|---|---|---|---|---|");
        foreach (var node in nodes)
        {
            var (cpu, peak) = usage.GetValueOrDefault(node);
            Report.Line($"| {node.Name}{(node.Killed ? " (killed)" : "")} | {sampler.FirstLeases(node)} | {orphaned.Count(id => sampler.TakenOverBy(id, victim) == node)} | {(node.Killed ? "—" : cpu.ToString("F1", CultureInfo.InvariantCulture))} | {(node.Killed ? "—" : (peak / 1048576.0).ToString("F0", CultureInfo.InvariantCulture))} |");
        }

        Report.Line("");
        Report.Line($"approve all: {approved.TotalSeconds:F1} s; {victim.Name} killed {killedAt.TotalSeconds:F1} s after the first approval, holding {orphaned.Count} jobs");
        Report.Line($"**all {counts.Ready} of {environments} Ready** {allReady.TotalSeconds:F1} s after the first approval ({counts.Failed} failed); one environment's critical path {MakespanBenchmark.CriticalPath(timeScale).TotalSeconds:F2} s");
        var measured = takeovers.Where(double.IsFinite).ToList();
        Report.Line($"takeover of the killed node's jobs (kill → leased by another node): {measured.Count} of {orphaned.Count}, median {Stats.Percentile(measured, 50):F1} s, max {(measured.Count == 0 ? 0 : measured.Max()):F1} s (lease {leaseDuration.TotalSeconds:F0} s, heartbeat {leaseDuration.TotalSeconds / 3:F0} s, poll {leaseDuration.TotalSeconds / 6:F1} s; {JobsPerNode(environments, nodes.Count)} jobs at once per node)");
        Report.Line($"  of which after the killed node's lease ran out (its expiry → leased): median {Stats.Percentile(afterExpiry, 50):F2} s, max {(afterExpiry.Count == 0 ? 0 : afterExpiry.Max()):F2} s, {afterExpiry.Count(a => a > leaseDuration.TotalSeconds / 6):N0} of {afterExpiry.Count} later than one poll");
        Report.Line($"hub: {watchers.Count} watchers ({watchersPerNode} per node, each watching all {environments} environments; {watchers.Count(w => w.Moved)} moved from the killed node to {survivor.Name} and caught up from their last event); {events.Values.Sum():N0} events in the database; **{missing} missing** across all watchers");
        Report.Require(measured.Count == orphaned.Count, $"{orphaned.Count - measured.Count} of the killed node's jobs were never seen leased by another node");
        Report.Require(missing == 0, $"{missing} events did not reach a watcher");
        Report.Require(nodes.Count(n => sampler.FirstLeases(n) > 0) == nodes.Count, "a node leased no job");
    }

    /// <summary>When each job's lease runs out on the benchmark's clock: its expiry by the database's clock, read just after the kill.</summary>
    private static async Task<Dictionary<Guid, TimeSpan>> LeaseExpiriesAsync(BenchDatabase database, List<Guid> ids, TimeSpan now)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """select "EnvironmentId", extract(epoch from "LeaseExpiresAt" - now())::float8 from jobs where "State" = 'Running' and "EnvironmentId" = any($1)""", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var expiries = new Dictionary<Guid, TimeSpan>();
        while (await reader.ReadAsync())
        {
            expiries[reader.GetGuid(0)] = now + TimeSpan.FromSeconds(reader.GetDouble(1));
        }

        return expiries;
    }

    private static async Task<(int Ready, int Failed)> CountAsync(BenchDatabase database, List<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """select count(*) filter (where "Status" = 'Ready'), count(*) filter (where "Status" = 'Failed') from environments where "Id" = any($1)""", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    /// <summary>How many progress events each environment has in the database.</summary>
    private static async Task<Dictionary<Guid, int>> EventsAsync(BenchDatabase database, List<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """select "EnvironmentId", count(*) from progress_events where "EnvironmentId" = any($1) group by "EnvironmentId" """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        var counts = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>One hub client watching every environment, keeping the events it got; it can move to another node.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<long, byte>> _seen = new();
        private readonly List<Guid> _ids;
        private HubConnection _connection;

        private Watcher(KundNode node, HubConnection connection, List<Guid> ids)
        {
            Node = node;
            _connection = connection;
            _ids = ids;
        }

        public KundNode Node { get; private set; }

        public bool Moved { get; private set; }

        public static async Task<Watcher> StartAsync(KundNode node, string token, List<Guid> ids)
        {
            var watcher = new Watcher(node, null!, ids);
            watcher._connection = await watcher.ConnectAsync(node, token);
            return watcher;
        }

        public int Missing(Dictionary<Guid, int> events) =>
            events.Sum(e => Math.Max(0, e.Value - (_seen.TryGetValue(e.Key, out var seqs) ? seqs.Count : 0)));

        /// <summary>To another node, asking each environment for the events after the last one this watcher saw.</summary>
        public async Task MoveToAsync(KundNode node, string token)
        {
            await _connection.DisposeAsync();
            Node = node;
            Moved = true;
            _connection = await ConnectAsync(node, token);
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private async Task<HubConnection> ConnectAsync(KundNode node, string token)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(node.Address, "/hubs/provisioning"), HttpTransportType.WebSockets, options =>
                {
                    options.SkipNegotiation = true;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            connection.On<JsonElement>("progress", message =>
                _seen.GetOrAdd(message.GetProperty("environmentId").GetGuid(), _ => new())[message.GetProperty("seq").GetInt64()] = 0);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await connection.StartAsync(timeout.Token);
            foreach (var id in _ids)
            {
                var last = _seen.TryGetValue(id, out var seqs) && !seqs.IsEmpty ? seqs.Keys.Max() : 0;
                await connection.InvokeAsync<int>("Watch", id, last, timeout.Token);
            }

            return connection;
        }
    }

    /// <summary>Who holds which job, read from the jobs table every 100 ms: the first lease of each environment and every change of hands.</summary>
    private sealed class LeaseSampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly Stopwatch _clock;
        private readonly Dictionary<int, KundNode> _byProcess;
        private readonly ConcurrentDictionary<Guid, KundNode> _first = new();
        private readonly ConcurrentDictionary<Guid, KundNode> _current = new();
        private readonly ConcurrentDictionary<Guid, (KundNode Node, TimeSpan At)> _takenOver = new();

        public LeaseSampler(string connectionString, List<KundNode> nodes, Stopwatch clock)
        {
            _clock = clock;
            _byProcess = nodes.ToDictionary(n => n.ProcessId);
            _loop = Task.Run(() => LoopAsync(connectionString));
        }

        public int Holding(KundNode node) => _current.Count(c => c.Value == node);

        public List<Guid> HeldBy(KundNode node) => [.. _current.Where(c => c.Value == node).Select(c => c.Key)];

        public int FirstLeases(KundNode node) => _first.Count(f => f.Value == node);

        /// <summary>When (on the benchmark's clock) another node first held the environment's job after <paramref name="from"/>.</summary>
        public TimeSpan? TakenOverAt(Guid id, KundNode from) => _takenOver.TryGetValue(id, out var t) && t.Node != from ? t.At : null;

        public KundNode? TakenOverBy(Guid id, KundNode from) => _takenOver.TryGetValue(id, out var t) && t.Node != from ? t.Node : null;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private async Task LoopAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            while (!_stop.IsCancellationRequested)
            {
                await using (var command = new NpgsqlCommand("""select "EnvironmentId", "LeaseOwner" from jobs where "State" = 'Running' and "LeaseOwner" is not null""", connection))
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        var id = reader.GetGuid(0);
                        if (ProcessOf(reader.GetString(1)) is not { } pid || !_byProcess.TryGetValue(pid, out var node))
                        {
                            continue;
                        }

                        _first.TryAdd(id, node);
                        if (_current.TryGetValue(id, out var before) && before != node)
                        {
                            _takenOver.TryAdd(id, (node, _clock.Elapsed));
                        }

                        _current[id] = node;
                    }
                }

                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        /// <summary>The worker's owner is <c>machine/pid/suffix</c>.</summary>
        private static int? ProcessOf(string owner) =>
            owner.Split('/') is [_, var pid, _] && int.TryParse(pid, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
