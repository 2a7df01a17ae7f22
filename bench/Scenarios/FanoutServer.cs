using System.Diagnostics;
using System.Globalization;
using Kund.Bench.Support;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;

namespace Kund.Bench.Scenarios;

/// <summary>
/// The server side of the fan-out benchmark, in a process of its own so that its memory is the server's
/// alone: Kund on a loopback port, one environment, an API token, and progress events written on request.
/// Speaks line by line over stdin/stdout; timestamps are <see cref="Stopwatch"/> ticks (CLOCK_MONOTONIC,
/// the same clock in every process of the machine).
/// </summary>
public static class FanoutServer
{
    public const string Flag = "--serve-fanout";
    public const string DatabaseVariable = "KUND_BENCH_SERVE_DB";
    public const string BatchedVariable = "KUND_BENCH_BATCHED_RELAY";

    public static async Task<int> RunAsync()
    {
        var connection = Environment.GetEnvironmentVariable(DatabaseVariable) ?? throw new InvalidOperationException($"{DatabaseVariable} is not set");
        await using var host = await BenchHost.StartAsync(BenchDatabase.Existing(connection), new Dictionary<string, string?>
        {
            ["Kund:Provisioning:RunWorker"] = "false",
            ["Kund:Hub:BatchedRelay"] = Environment.GetEnvironmentVariable(BatchedVariable) ?? "true",
        });
        var user = await host.WithAsync<UserDirectory, KundUser?>(d => d.SignInAsync(Support.Environments.Approver.Email, null, "bench", CancellationToken.None))
            ?? throw new InvalidOperationException("the demo approver is missing");
        var token = await host.WithAsync<ApiTokens, CreatedApiToken>(t => t.CreateAsync(user, "cli", "fanout", null, CancellationToken.None));
        var environment = await Support.Environments.SubmitAsync(host, Support.Environments.Payments("fanout", "team-a"));
        var lastSeq = (await host.WithAsync<Kund.Infrastructure.Environments.EnvironmentQueries, IReadOnlyList<ProgressEvent>>(
            q => q.GetEventsAsync(Support.Environments.Approver, environment.Id, 0, CancellationToken.None))).Max(e => e.Sequence);
        Console.WriteLine($"ready {host.Address} {token.Token} {environment.Id} {lastSeq}");

        var writer = host.Services.GetRequiredService<ProgressWriter>();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            switch (command)
            {
                case "emit":
                    await using (var scope = host.Services.CreateAsyncScope())
                    {
                        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
                        await using var transaction = await db.Database.BeginTransactionAsync();
                        var e = await writer.AppendAsync(db, environment.Id, environment.Team, "benchmark event", 50);
                        await transaction.CommitAsync();
                        var committed = Stopwatch.GetTimestamp();
                        Console.WriteLine($"committed {e.Sequence} {committed}");
                    }

                    break;
                case "mem":
                    var heap = GC.GetTotalMemory(forceFullCollection: true);
                    using (var self = Process.GetCurrentProcess())
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mem {heap} {self.WorkingSet64}"));
                    }

                    break;
                default:
                    return 0;
            }
        }

        return 0;
    }
}
