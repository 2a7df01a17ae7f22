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
    public static async Task RunAsync(int clients, int events, TimeSpan spacing)
    {
        Report.Section($"Progress fan-out ({clients:N0} SignalR clients over WebSockets, {events} events {spacing.TotalMilliseconds:F0} ms apart)");
        await using var database = await BenchDatabase.CreateAsync("fanout");
        using var server = StartServer(database);
        var ready = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
        Report.Require(ready is ["ready", _, _, _, _], $"the fan-out server did not start: {string.Join(' ', ready)}");
        var (address, token, environmentId, afterSeq) = (new Uri(ready[1]), ready[2], Guid.Parse(ready[3]), long.Parse(ready[4], CultureInfo.InvariantCulture));

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
            for (var i = -2; i < events; i++)
            {
                await server.StandardInput.WriteLineAsync("emit");
                var line = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
                Report.Require(line is ["committed", _, _], $"the server did not commit an event: {string.Join(' ', line)}");
                if (i >= 0)
                {
                    committed[long.Parse(line[1], CultureInfo.InvariantCulture)] = long.Parse(line[2], CultureInfo.InvariantCulture);
                }
                await Task.Delay(spacing);
            }

            var deadline = Stopwatch.StartNew();
            while (received.Count < clients * (events + 2) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            var latencies = received.Where(r => committed.ContainsKey(r.Seq))
                .Select(r => Stopwatch.GetElapsedTime(committed[r.Seq], r.Timestamp).TotalMilliseconds)
                .ToList();
            Report.Require(latencies.Count == clients * events, $"{latencies.Count} of {clients * events} events reached the clients");

            Report.Line($"connected {clients:N0} clients (token via access_token, Watch(environmentId, afterSeq)) in {connectSeconds:F1} s");
            Report.Line($"deliveries: {latencies.Count:N0} of {clients * events:N0}");
            Report.Line("");
            Report.Line("| commit → client receipt | p50 | p95 | p99 | max |");
            Report.Line("|---|---|---|---|---|");
            Report.Line($"| ms | {Stats.Median(latencies):F1} | {Stats.Percentile(latencies, 95):F1} | {Stats.Percentile(latencies, 99):F1} | {latencies.Max():F1} |");
            var perEvent = committed.Keys.Select(seq => Stats.Percentile(received.Where(r => r.Seq == seq).Select(r => Stopwatch.GetElapsedTime(committed[seq], r.Timestamp).TotalMilliseconds).ToList(), 99)).ToList();
            Report.Line($"p99 of each event in turn (ms): {Stats.List(perEvent, 1)}");
            Report.Line("");
            Report.Line($"server memory (own process, after a full GC): GC heap {Mib(before.Heap)} → {Mib(after.Heap)} MiB, working set {Mib(before.WorkingSet)} → {Mib(after.WorkingSet)} MiB");
            Report.Line($"per connection: **{(after.Heap - before.Heap) / 1024.0 / clients:F1} KiB** GC heap, **{(after.WorkingSet - before.WorkingSet) / 1024.0 / clients:F1} KiB** working set");
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

    private static Process StartServer(BenchDatabase database)
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
