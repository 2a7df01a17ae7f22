using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kund.Bench.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 8.3: many SignalR clients watching one environment; latency from the commit of a progress event
/// (<see cref="Kund.Infrastructure.Progress.ProgressWriter"/> in the server process, timestamped after commit)
/// to its receipt by each client, and the server's memory per connection.
/// </summary>
public static class FanoutBenchmark
{
    /// <summary>
    /// Runs the fan-out once per relay (<c>Kund:Hub:BatchedRelay</c>): the batched one and, with
    /// <paramref name="compare"/>, the per-watcher one after it on the same machine, and prints them side by side.
    /// </summary>
    public static async Task RunAsync(int clients, int events, TimeSpan spacing, bool compare)
    {
        Report.Section($"Progress fan-out ({clients:N0} SignalR clients over WebSockets, {events} events {spacing.TotalMilliseconds:F0} ms apart)");
        var runs = new List<FanoutRun> { await MeasureAsync(batched: true, clients, events, spacing) };
        if (compare)
        {
            runs.Add(await MeasureAsync(batched: false, clients, events, spacing));
        }

        Report.Line("");
        Report.Line("| relay | deliveries | p50 ms | p95 ms | p99 ms | max ms | median of the events' p99 ms | server CPU ms per 1,000 deliveries |");
        Report.Line("|---|---|---|---|---|---|---|---|");
        foreach (var run in runs)
        {
            var l = run.Latencies;
            Report.Line($"| {(run.Batched ? "batched (caught-up watchers in one send)" : "per watcher")} | {l.Count:N0} of {clients * events:N0} | {Stats.Median(l):F1} | {Stats.Percentile(l, 95):F1} | {Stats.Percentile(l, 99):F1} | {l.Max():F1} | {Stats.Median(run.PerEventP99):F1} | {run.CpuMsPerThousand:F1} |");
        }

        foreach (var run in runs)
        {
            Report.Line("");
            Report.Line($"{(run.Batched ? "batched" : "per watcher")}: connected {clients:N0} clients (token via access_token, Watch(environmentId, afterSeq)) in {run.ConnectSeconds:F1} s; load average at the start {run.LoadAtStart}");
            Report.Line($"p99 of each event in turn (ms): {Stats.List(run.PerEventP99, 1)}");
            Report.Line($"server memory (own process, after a full GC): GC heap {Mib(run.Before.Heap)} → {Mib(run.After.Heap)} MiB, working set {Mib(run.Before.WorkingSet)} → {Mib(run.After.WorkingSet)} MiB");
            Report.Line($"per connection: **{(run.After.Heap - run.Before.Heap) / 1024.0 / clients:F1} KiB** GC heap, **{(run.After.WorkingSet - run.Before.WorkingSet) / 1024.0 / clients:F1} KiB** working set");
        }
    }

    private sealed record FanoutRun(
        bool Batched,
        List<double> Latencies,
        List<double> PerEventP99,
        double CpuMsPerThousand,
        double ConnectSeconds,
        string LoadAtStart,
        (long Heap, long WorkingSet) Before,
        (long Heap, long WorkingSet) After);

    private static async Task<FanoutRun> MeasureAsync(bool batched, int clients, int events, TimeSpan spacing)
    {
        await using var database = await BenchDatabase.CreateAsync(batched ? "fanout" : "fanout-each");
        using var server = StartServer(database, batched);
        var ready = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
        Report.Require(ready is ["ready", _, _, _, _], $"the fan-out server did not start: {string.Join(' ', ready)}");
        var (address, token, environmentId, afterSeq) = (new Uri(ready[1]), ready[2], Guid.Parse(ready[3]), long.Parse(ready[4], CultureInfo.InvariantCulture));

        var loadAtStart = Report.LoadAverage();
        var before = await MemoryAsync(server);
        var received = new ConcurrentBag<(long Seq, long Timestamp)>();
        var connections = new List<HubConnection>(clients);
        var connecting = Stopwatch.StartNew();
        try
        {
            foreach (var batch in Enumerable.Range(0, clients).Chunk(50))
            {
                var connected = await Task.WhenAll(batch.Select(_ => ConnectAsync(address, token, environmentId, afterSeq, received)));
                connections.AddRange(connected);
            }

            var connectSeconds = connecting.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = await MemoryAsync(server);

            // Two events first, not counted: they pay for JIT compilation of the relay and the clients.
            var committed = new Dictionary<long, long>();
            TimeSpan? cpuAtFirst = null;
            for (var i = -2; i < events; i++)
            {
                if (i == 0)
                {
                    await WaitForAsync(received, clients * 2);
                    server.Refresh();
                    cpuAtFirst = server.TotalProcessorTime;
                }

                await server.StandardInput.WriteLineAsync("emit");
                var line = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
                Report.Require(line is ["committed", _, _], $"the server did not commit an event: {string.Join(' ', line)}");
                if (i >= 0)
                {
                    committed[long.Parse(line[1], CultureInfo.InvariantCulture)] = long.Parse(line[2], CultureInfo.InvariantCulture);
                }
                await Task.Delay(spacing);
            }

            await WaitForAsync(received, clients * (events + 2));
            server.Refresh();
            // The server's CPU from the first counted event to the last delivery, its writes of the events included.
            var cpu = server.TotalProcessorTime - cpuAtFirst!.Value;

            var latencies = received.Where(r => committed.ContainsKey(r.Seq))
                .Select(r => Stopwatch.GetElapsedTime(committed[r.Seq], r.Timestamp).TotalMilliseconds)
                .ToList();
            Report.Require(latencies.Count == clients * events, $"{latencies.Count} of {clients * events} events reached the clients");
            var perEvent = committed.Keys.Select(seq => Stats.Percentile(received.Where(r => r.Seq == seq).Select(r => Stopwatch.GetElapsedTime(committed[seq], r.Timestamp).TotalMilliseconds).ToList(), 99)).ToList();
            return new FanoutRun(batched, latencies, perEvent, cpu.TotalMilliseconds / (latencies.Count / 1000.0), connectSeconds, loadAtStart, before, after);
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            await server.StandardInput.WriteLineAsync("quit");
            if (!server.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                server.Kill();
            }
        }
    }

    private static async Task WaitForAsync(ConcurrentBag<(long Seq, long Timestamp)> received, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (received.Count < count && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
    }

    private static Process StartServer(BenchDatabase database, bool batched)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FanoutBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(FanoutServer.Flag);
        start.Environment[FanoutServer.DatabaseVariable] = database.ConnectionString;
        start.Environment[FanoutServer.BatchedVariable] = batched ? "true" : "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the fan-out server");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"server: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HubConnection> ConnectAsync(Uri address, string token, Guid environmentId, long afterSeq, ConcurrentBag<(long, long)> received)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/provisioning"), HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<JsonElement>("progress", message => received.Add((message.GetProperty("seq").GetInt64(), Stopwatch.GetTimestamp())));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await connection.StartAsync(timeout.Token);
        await connection.InvokeAsync<int>("Watch", environmentId, afterSeq, timeout.Token);
        return connection;
    }

    private static async Task<(long Heap, long WorkingSet)> MemoryAsync(Process server)
    {
        await server.StandardInput.WriteLineAsync("mem");
        var line = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
        Report.Require(line is ["mem", _, _], $"the server did not report its memory: {string.Join(' ', line)}");
        return (long.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture));
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}
