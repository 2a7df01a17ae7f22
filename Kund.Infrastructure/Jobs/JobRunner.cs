using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Runs one leased job: walks the environment's graph with the executor, commits every transition
/// (fenced by the lease), renews the lease while it works, and ends the environment Ready, Failed or
/// Destroyed. A run that stops half-way — crash, shutdown, lost lease — is resumed by the next lease
/// from the recorded node states.
/// </summary>
public sealed class JobRunner(
    IDbContextFactory<KundDbContext> dbs,
    NpgsqlDataSource database,
    IResourceDriverSet drivers,
    IAuditTrail audit,
    ProgressWriter progress,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    IEnumerable<IProvisioningProbe> probes,
    ILogger<JobRunner> logger)
{
    private readonly ProvisioningOptions settings = options.Value;

    public async Task RunAsync(JobLease lease, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var leaseLost = false;
        var heartbeat = HeartbeatAsync(lease, () => { leaseLost = true; run.Cancel(); }, run.Token);
        try
        {
            await ExecuteAsync(lease, run.Token);
        }
        catch (Exception ex) when (leaseLost || ex is LeaseLostException)
        {
            // Another worker owns the job now; whatever we would write, it writes.
            logger.LogWarning("Job {JobId} of environment {EnvironmentId}: lease lost, stopping", lease.JobId, lease.EnvironmentId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful shutdown: hand the job back so another node (or this one, restarted) resumes it at once.
            await JobQueue.ReleaseAsync(database, lease, TimeSpan.Zero, null, CancellationToken.None);
            logger.LogInformation("Job {JobId} handed back on shutdown", lease.JobId);
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex) && !stoppingToken.IsCancellationRequested)
        {
            await HandBackAfterOutageAsync(lease, ex, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await HandleUnexpectedAsync(lease, ex);
        }
        finally
        {
            await run.CancelAsync();
            await heartbeat;
        }
    }

    private async Task ExecuteAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var (environment, records) = await BeginAsync(lease, cancellationToken);
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var mode = lease.Kind == JobKind.Provision ? ExecutionMode.Create : ExecutionMode.Destroy;
        var goal = mode == ExecutionMode.Create ? ResourceState.Created : ResourceState.Deleted;
        var recorded = records.Select(r => r.ToRecorded()).ToList();
        var pending = records.Where(r => r.State != goal && (mode == ExecutionMode.Create || r.CloudId is not null || r.State != ResourceState.Pending))
            .Select(r => r.Key)
            .ToHashSet();
        var observer = new PersistingObserver(dbs, lease, environment.Team, pending, pending.Count, mode, audit, progress, probes);

        var request = new ExecutionRequest(
            graph,
            mode,
            new EnvironmentRef(environment.Id, environment.Name, environment.Spec.Region, environment.Spec.Tags ?? new Dictionary<string, string>()),
            recorded,
            drivers,
            observer)
        {
            Options = ExecutionOptions.Default with { MaxParallelism = settings.MaxParallelism },
        };

        var result = await new PlanExecutor(time).RunAsync(request, cancellationToken);
        await FinishAsync(lease, result, cancellationToken);
    }

    /// <summary>Moves an approved environment to Provisioning and makes sure every node has a row to write to.</summary>
    private async Task<(TeamEnvironment Environment, List<ResourceRecord> Records)> BeginAsync(JobLease lease, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await JobQueue.AssertLeaseAsync(db, lease, cancellationToken);

        var environment = await db.Set<TeamEnvironment>().SingleAsync(e => e.Id == lease.EnvironmentId, cancellationToken);
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var records = await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken);
        foreach (var node in graph.Nodes.Where(n => records.All(r => r.Key != n.Key)))
        {
            var record = new ResourceRecord
            {
                EnvironmentId = environment.Id,
                Key = node.Key,
                Team = environment.Team,
                Kind = node.Kind,
                State = ResourceState.Pending,
                UpdatedAt = time.GetUtcNow(),
            };
            db.Add(record);
            records.Add(record);
        }

        string message;
        string? status = null;
        if (lease.Kind == JobKind.Provision && environment.Status == EnvironmentStatus.Approved)
        {
            environment.StartProvisioning(time.GetUtcNow());
            message = "Provisioning started";
            status = environment.Status.ToString();
        }
        else
        {
            message = lease.Attempts > 1
                ? $"{(lease.Kind == JobKind.Provision ? "Provisioning" : "Destroying")} resumed (attempt {lease.Attempts})"
                : $"{(lease.Kind == JobKind.Provision ? "Provisioning" : "Destroying")} started";
        }

        await db.SaveChangesAsync(cancellationToken);
        await progress.AppendAsync(db, environment.Id, environment.Team, message, 0, status: status, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (environment, records);
    }

    private async Task FinishAsync(JobLease lease, ExecutionResult result, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await JobQueue.AssertLeaseAsync(db, lease, cancellationToken);
        var environment = await db.Set<TeamEnvironment>().SingleAsync(e => e.Id == lease.EnvironmentId, cancellationToken);
        var now = time.GetUtcNow();

        string action;
        string message;
        string? error = null;
        if (result.Succeeded)
        {
            if (lease.Kind == JobKind.Provision)
            {
                environment.MarkReady(now);
                (action, message) = (AuditActions.EnvironmentReady, $"Ready in {Format(result.Duration)}");
            }
            else
            {
                environment.MarkDestroyed(now);
                (action, message) = (AuditActions.EnvironmentDestroyed, $"Destroyed in {Format(result.Duration)}: nothing left behind");
            }
        }
        else
        {
            error = string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Code}: {f.Message}"));
            environment.MarkFailed(error, now);
            (action, message) = (AuditActions.EnvironmentFailed, $"Failed: {error}");
        }

        await audit.RecordAsync(
            db,
            new AuditEntry("system", action, environment.Team, environment.Id, Details: new Dictionary<string, string?> { ["job"] = lease.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["error"] = error }),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await progress.AppendAsync(db, environment.Id, environment.Team, message, result.Succeeded ? 100 : 0, status: environment.Status.ToString(), cancellationToken: cancellationToken);
        await JobQueue.CompleteAsync(db, lease, result.Succeeded ? JobState.Succeeded : JobState.Failed, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The database went away mid-run: not the job's fault, so no attempt is spent failing it. The job is
    /// handed back as soon as the database answers again, and the next lease resumes it from the recorded
    /// node states at once instead of waiting for the lease to lapse.
    /// </summary>
    private async Task HandBackAfterOutageAsync(JobLease lease, Exception exception, CancellationToken stoppingToken)
    {
        logger.LogWarning("Job {JobId} of environment {EnvironmentId} paused: the database is unreachable ({Reason})", lease.JobId, lease.EnvironmentId, TransientDatabaseFailure.Describe(exception));
        var backoff = new DatabaseBackoff($"Handing back job {lease.JobId}", logger, time);
        var handedBack = false;
        await backoff.RunAsync(
            async ct =>
            {
                await JobQueue.ReleaseAsync(database, lease, TimeSpan.Zero, null, ct);
                handedBack = true;
            },
            _ => Task.FromResult(!handedBack),
            stoppingToken);
    }

    /// <summary>A bug or an outage, not a cloud error: retry later; after too many attempts fail the environment, visibly.</summary>
    private async Task HandleUnexpectedAsync(JobLease lease, Exception exception)
    {
        logger.LogError(exception, "Job {JobId} of environment {EnvironmentId} failed unexpectedly (attempt {Attempt})", lease.JobId, lease.EnvironmentId, lease.Attempts);
        try
        {
            if (lease.Attempts < settings.MaxAttempts)
            {
                await JobQueue.ReleaseAsync(database, lease, settings.RetryDelay * lease.Attempts, exception.Message, CancellationToken.None);
                return;
            }

            await using var db = await dbs.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await JobQueue.AssertLeaseAsync(db, lease, CancellationToken.None);
            var environment = await db.Set<TeamEnvironment>().SingleAsync(e => e.Id == lease.EnvironmentId);
            var reason = $"Kund could not run the job after {lease.Attempts} attempts: {exception.Message}";
            if (environment.Status == EnvironmentStatus.Approved && lease.Kind == JobKind.Provision)
            {
                // Every attempt failed before provisioning began; left Approved with no job, nobody could
                // retry or cancel it. Through Provisioning to Failed it is visible and retryable.
                environment.StartProvisioning(time.GetUtcNow());
            }

            if (environment.Status is EnvironmentStatus.Provisioning or EnvironmentStatus.Destroying)
            {
                environment.MarkFailed(reason, time.GetUtcNow());
            }

            await audit.RecordAsync(db, new AuditEntry("system", AuditActions.EnvironmentFailed, environment.Team, environment.Id, Details: new Dictionary<string, string?> { ["error"] = reason }), CancellationToken.None);
            await db.SaveChangesAsync();
            await progress.AppendAsync(db, environment.Id, environment.Team, reason, 0, status: environment.Status.ToString());
            await JobQueue.CompleteAsync(db, lease, JobState.Failed, reason, CancellationToken.None);
            await transaction.CommitAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or LeaseLostException or DbUpdateException)
        {
            // The lease expires on its own and another worker takes the job over.
            logger.LogError(ex, "Job {JobId}: could not record the failure", lease.JobId);
        }
    }

    private async Task HeartbeatAsync(JobLease lease, Action onLost, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(settings.HeartbeatInterval, time, cancellationToken);
                bool renewed;
                try
                {
                    renewed = await JobQueue.RenewAsync(database, lease, settings.LeaseDuration, cancellationToken);
                }
                catch (Exception ex) when (TransientDatabaseFailure.Is(ex))
                {
                    // A missed beat is not a lost lease; the next one may get through before expiry.
                    logger.LogWarning(ex, "Job {JobId}: heartbeat failed", lease.JobId);
                    continue;
                }

                if (!renewed)
                {
                    onLost();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1 ? $"{(int)duration.TotalMinutes} min {duration.Seconds} s" : $"{duration.TotalSeconds:0.0} s";
}
