using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Runs one leased job: walks the environment's graph with the executor and renews the lease while it
/// works. Every write — the run starting, each node, the outcome — is <see cref="EnvironmentLifecycle"/>'s,
/// fenced by the lease. A run that stops half-way — crash, shutdown, lost lease — is resumed by the next lease
/// from the recorded node states.
/// </summary>
public sealed class JobRunner(
    IDbContextFactory<KundDbContext> dbs,
    NpgsqlDataSource database,
    IResourceDriverSet drivers,
    EnvironmentLifecycle lifecycle,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    IOptions<KundOptions> kund,
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
        var run = Run(lease);
        var records = new List<ResourceRecord>();
        TeamEnvironment environment;
        EnvironmentRevision? revision = null;
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            environment = await lifecycle.StartRunAsync(db, run, lease.EnvironmentId, async e =>
            {
                revision = lease.Kind == JobKind.Change ? await ApplyingAsync(db, e, cancellationToken) : null;
                await EnsureRecordsAsync(db, e, GraphOf(lease.Kind, e, revision), records, cancellationToken);
            }, cancellationToken);
        }

        var graph = GraphOf(lease.Kind, environment, revision);
        var mode = lease.Kind == JobKind.Destroy ? ExecutionMode.Destroy : ExecutionMode.Create;
        var goal = mode == ExecutionMode.Create ? ResourceState.Created : ResourceState.Deleted;
        var recorded = records.Select(r => r.ToRecorded()).ToList();
        var pending = records.Where(r => r.State != goal && (mode == ExecutionMode.Create || r.CloudId is not null || r.State != ResourceState.Pending))
            .Select(r => r.Key)
            .ToHashSet();
        ChangeSet? change = null;
        if (revision is not null)
        {
            (graph, change, pending) = ChangeOf(environment, revision, recorded);
        }

        var observer = new PersistingObserver(dbs, lifecycle, run, lease.EnvironmentId, environment.Team, pending, pending.Count, mode, probes);
        var spec = revision?.Spec ?? environment.Spec;
        var request = new ExecutionRequest(
            graph,
            mode,
            new EnvironmentRef(environment.Id, environment.Name, spec.Region, spec.Tags ?? new Dictionary<string, string>()),
            recorded,
            drivers,
            observer)
        {
            Options = ExecutionOptions.Default with
            {
                MaxParallelism = settings.MaxParallelism,

                // The sandbox compresses its consistency windows by its time scale; the retries follow.
                Retry = RetryPolicy.Default with { TimeScale = kund.Value.Aws.EffectiveTimeScale },
            },
            Change = change,
            // Read from the job's row before every node, so a stop asked on any node (or while no worker was
            // alive) is seen before anything more starts.
            MayStartAsync = async (_, ct) => !await JobQueue.IsStopRequestedAsync(database, lease.JobId, ct),
        };

        var result = await new PlanExecutor(time).RunAsync(request, cancellationToken);
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            await lifecycle.FinishRunAsync(db, run, lease.EnvironmentId, result, cancellationToken);
        }
    }

    /// <summary>
    /// A change run's graph: the diff plan from the applied spec to the revision's, against what is recorded now
    /// (so a resumed run plans only what is left), and the nodes that still have work.
    /// </summary>
    private static (ResourceGraph Graph, ChangeSet Change, HashSet<string> Pending) ChangeOf(TeamEnvironment environment, EnvironmentRevision revision, List<RecordedResource> recorded)
    {
        var applied = ResourceGraphBuilder.Build(environment.Spec);
        var desired = ResourceGraphBuilder.Build(revision.Spec);

        // A node that exists and failed mid-change is still the applied resource to update or replace, not one to create.
        var forDiff = recorded.Select(r => r is { State: ResourceState.Failed, Resource: not null } && applied.Contains(r.Key) ? r with { State = ResourceState.Created } : r).ToList();
        var plan = new DiffPlanner().PlanChange(applied, desired, forDiff, environment.Spec.Tags, revision.Spec.Tags, revision.Reconcile);
        var (graph, change) = ChangeGraph.Build(plan, applied, desired, revision.Number);
        var marked = recorded.Where(r => r.State == ResourceState.Created && change.IsMarked(r.Resource)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var pending = plan.Actions.Where(a => a.Action != PlanAction.Noop && !marked.Contains(a.Key)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        return (graph, change, pending);
    }

    private static async Task<EnvironmentRevision> ApplyingAsync(KundDbContext db, TeamEnvironment environment, CancellationToken cancellationToken) =>
        await EnvironmentLifecycle.ApplyingRevisionAsync(db, environment.Id, cancellationToken)
            ?? throw new InvalidOperationException($"A change job of environment {environment.Id} found no revision applying.");

    /// <summary>A destroy also sweeps what Kubernetes left and ends with a check that nothing is left (<see cref="DestroyGraph"/>); a change makes the revision's graph.</summary>
    private static ResourceGraph GraphOf(JobKind kind, TeamEnvironment environment, EnvironmentRevision? revision) =>
        kind == JobKind.Destroy ? DestroyGraph.Build(environment.Spec) : ResourceGraphBuilder.Build(revision?.Spec ?? environment.Spec);

    /// <summary>The job as the lifecycle needs it: its writes fenced by this lease, and ended with it.</summary>
    private static LifecycleRun Run(JobLease lease) => new(
        lease.JobId,
        lease.Kind == JobKind.Destroy,
        lease.Attempts,
        (db, cancellationToken) => JobQueue.AssertLeaseAsync(db, lease, cancellationToken),
        (db, succeeded, error, cancellationToken) => JobQueue.CompleteAsync(db, lease, succeeded ? JobState.Succeeded : JobState.Failed, error, cancellationToken),
        lease.Kind == JobKind.Change);

    /// <summary>Makes sure every node of the environment's graph has a row for the run to write to.</summary>
    private async Task EnsureRecordsAsync(KundDbContext db, TeamEnvironment environment, ResourceGraph graph, List<ResourceRecord> records, CancellationToken cancellationToken)
    {
        records.AddRange(await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken));
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
            var reason = $"Kund could not run the job after {lease.Attempts} attempts: {exception.Message}";
            await lifecycle.GiveUpRunAsync(db, Run(lease), lease.EnvironmentId, reason);
        }
        catch (Exception ex) when (ex is NpgsqlException or LeaseLostException or DbUpdateException or ConcurrentChangeException)
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
}
