using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Kund.Infrastructure.Persistence;
using Npgsql;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Runs on every node: leases due jobs (up to <see cref="ProvisioningOptions.MaxConcurrentJobs"/> at once)
/// and runs each with <see cref="JobRunner"/>. Woken by <c>NOTIFY kund_jobs</c>, and at the time the next job falls
/// due: a retry's delay ends, or a dead node's lease runs out (so its jobs are taken over at once, not a poll
/// later); polls in case a notification was missed. On shutdown every run hands its lease back.
/// </summary>
public sealed class ProvisioningWorker(
    NpgsqlDataSource database,
    JobRunner runner,
    JobSignal signal,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    ILogger<ProvisioningWorker> logger) : BackgroundService
{
    // Keyed by the lease, not the job: a worker may lease its own job again after its lease lapsed, and
    // the old run must not remove the new run's entry.
    private readonly ConcurrentDictionary<JobLease, Task> running = new();

    /// <summary>Identifies this worker in leases: host, process and a random part (two workers in one process differ).</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorker)
        {
            return;
        }

        var backoff = new DatabaseBackoff("Leasing jobs", logger, time);
        var wait = settings.PollInterval;
        try
        {
            await backoff.RunAsync(
                async ct =>
                {
                    while (running.Count < settings.MaxConcurrentJobs
                        && await JobQueue.TryLeaseAsync(database, Owner, settings.LeaseDuration, ct) is { } lease)
                    {
                        logger.LogInformation("Leased job {JobId} ({Kind}) of environment {EnvironmentId}, attempt {Attempt}", lease.JobId, lease.Kind, lease.EnvironmentId, lease.Attempts);
                        // Registered before it starts, so its own clean-up always finds it.
                        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        running[lease] = RunAsync(lease, start.Task, stoppingToken);
                        start.SetResult();
                    }

                    wait = running.Count < settings.MaxConcurrentJobs
                        ? WaitFor(await JobQueue.NextDueInAsync(database, ct), settings.PollInterval)
                        : settings.PollInterval;
                },
                async ct =>
                {
                    await signal.WaitAsync(wait, time, ct);
                    return true;
                },
                stoppingToken);
        }
        finally
        {
            await Task.WhenAll(running.Values);
        }
    }

    /// <summary>
    /// Until the next job falls due (a retry's time, a dead node's lease running out), so that it is taken then
    /// and not up to a poll later; at most the poll interval, and when one is due already but another worker
    /// holds its row, a short pause rather than a spin.
    /// </summary>
    internal static TimeSpan WaitFor(TimeSpan? nextDue, TimeSpan pollInterval)
    {
        if (nextDue is not { } due || due >= pollInterval)
        {
            return pollInterval;
        }

        var pause = TimeSpan.FromSeconds(1) < pollInterval ? TimeSpan.FromSeconds(1) : pollInterval;
        return due <= TimeSpan.Zero ? pause : due;
    }

    private async Task RunAsync(JobLease lease, Task registered, CancellationToken stoppingToken)
    {
        await registered;
        try
        {
            await runner.RunAsync(lease, stoppingToken);
        }
        finally
        {
            running.TryRemove(lease, out _);
            signal.Set();
        }
    }
}
