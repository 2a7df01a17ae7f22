using Kund.Domain.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>A worker that dies keeps its lease only until it expires; a worker that merely stalled is fenced off.</summary>
public class LeaseTakeoverTests(ManualWorkerApp app) : IClassFixture<ManualWorkerApp>
{
    [Fact]
    public async Task TryLease_DeadNodesLeaseExpired_AnotherWorkerTakesOverAndEndsReady()
    {
        var id = await app.ApproveAsync("dead-node");
        var dead = await JobQueue.TryLeaseAsync(app.DataSource(), "dead-node", TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.NotNull(dead);
        Assert.Equal((id, 1L, 1), (dead.EnvironmentId, dead.Token, dead.Attempts));

        // While the lease lasts nobody else gets the job.
        Assert.Null(await JobQueue.TryLeaseAsync(app.DataSource(), "too-early", TimeSpan.FromSeconds(1), CancellationToken.None));

        var worker = app.StartWorker();
        try
        {
            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
            app.AssertSeedResourcesOnce(view);
        }
        finally
        {
            await worker.StopAsync();
        }

        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Succeeded, 2L, 2), (job.State, job.LeaseToken, job.Attempts));
    }

    [Fact]
    public async Task Worker_DeadNodesLeaseRunsOut_TakenOverThenNotAPollLater()
    {
        var id = await app.ApproveAsync("expiry-wake");
        Assert.NotNull(await JobQueue.TryLeaseAsync(app.DataSource(), "dead-node", TimeSpan.FromSeconds(2), CancellationToken.None));

        await RunsWithTenMinutePollAsync(id);
    }

    [Fact]
    public async Task Worker_RetryFallsDueLater_LeasedThenNotAPollLater()
    {
        var id = await app.ApproveAsync("retry-wake");
        var crashed = await JobQueue.TryLeaseAsync(app.DataSource(), "crashing-node", TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.NotNull(crashed);
        await JobQueue.ReleaseAsync(app.DataSource(), crashed, TimeSpan.FromSeconds(2), "retried later", CancellationToken.None);
        Assert.Equal(JobState.Queued, Assert.Single(await app.JobsOfAsync(id)).State);

        await RunsWithTenMinutePollAsync(id);
    }

    [Theory]
    [InlineData(null, 5000, 5000)]
    [InlineData(7000, 5000, 5000)]
    [InlineData(1500, 5000, 1500)]
    [InlineData(0, 5000, 1000)]
    [InlineData(-300, 5000, 1000)]
    [InlineData(-300, 200, 200)]
    public void WaitFor_NextDue_UntilThenWithinThePollAndNeverASpin(int? dueMs, int pollMs, int expectedMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            ProvisioningWorker.WaitFor(dueMs is { } due ? TimeSpan.FromMilliseconds(due) : null, TimeSpan.FromMilliseconds(pollMs)));

    [Fact]
    public async Task FencedWrites_StaleLeaseAfterTakeover_RefusedAndChangeNothing()
    {
        var id = await app.ApproveAsync("stale-writer");
        var stale = await JobQueue.TryLeaseAsync(app.DataSource(), "stalled-node", TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.NotNull(stale);
        var fresh = await LeaseWhenExpiredAsync("fresh-node", TimeSpan.FromMinutes(10));
        Assert.Equal((id, stale.Token + 1, stale.Attempts + 1), (fresh.EnvironmentId, fresh.Token, fresh.Attempts));

        var before = await SnapshotAsync(id);

        await using (var db = CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<LeaseLostException>(() => JobQueue.AssertLeaseAsync(db, stale, CancellationToken.None));
        }

        await using (var db = CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<LeaseLostException>(() => JobQueue.CompleteAsync(db, stale, JobState.Succeeded, null, CancellationToken.None));
        }

        Assert.False(await JobQueue.RenewAsync(app.DataSource(), stale, TimeSpan.FromMinutes(10), CancellationToken.None));
        await JobQueue.ReleaseAsync(app.DataSource(), stale, TimeSpan.Zero, "stale release", CancellationToken.None);

        // The stalled worker wakes up and runs the job with its old lease: the first fenced write stops it.
        var runner = app.CreateRunner(ProvisioningHarness.Fast());
        await runner.RunAsync(stale, CancellationToken.None);

        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Empty(app.CloudResourcesByKey(id));
        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Running, "fresh-node", fresh.Token), (job.State, job.LeaseOwner, job.LeaseToken));

        // The rightful holder's writes still go through.
        await using (var db = CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await JobQueue.CompleteAsync(db, fresh, JobState.Failed, "test over", CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(JobState.Failed, Assert.Single(await app.JobsOfAsync(id)).State);
    }

    [Fact]
    public async Task PersistingObserver_StaleLeaseAfterTakeover_TransitionRefusedAndNothingWritten()
    {
        var id = await app.ApproveAsync("stale-observer");
        var stale = await JobQueue.TryLeaseAsync(app.DataSource(), "stalled-node", TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.NotNull(stale);

        // Let the stalled worker begin (resource rows, Provisioning) before it stalls.
        var probe = new GateProbe(stopAfter: 1);
        var runner = app.CreateRunner(ProvisioningHarness.Fast(heartbeat: TimeSpan.FromMinutes(20)), probe);
        var run = runner.RunAsync(stale, CancellationToken.None);
        await probe.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        var fresh = await LeaseWhenExpiredAsync("fresh-node", TimeSpan.FromMilliseconds(300));
        var before = await SnapshotAsync(id);

        // Independent roots (the network and the roles) start together, so one or more transitions may be
        // committed and held at the gate; none may commit once the lease is stale. A batch of them commits in one
        // transaction and the probe hears of them one by one, the first held at the gate: so the probe's count is
        // compared, once the gate is open, with the transitions the database held (one event with a resource each).
        var committedBeforeStale = await TransitionEventsAsync(id);
        probe.Open();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal(committedBeforeStale, probe.Committed);
        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Running, fresh.Token), (job.State, job.LeaseToken));

        var worker = app.StartWorker();
        try
        {
            // The fresh lease was never renewed: it expires and the worker resumes what the stalled one began.
            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
            app.AssertSeedResourcesOnce(view);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    /// <summary>
    /// A worker that polls only every ten minutes and hears no notification (its own signal) takes the job when
    /// it falls due, two seconds from now, and runs it to Ready; waking only at its poll it would not within the wait.
    /// </summary>
    private async Task RunsWithTenMinutePollAsync(Guid id)
    {
        var options = ProvisioningHarness.Fast();
        options.PollInterval = TimeSpan.FromMinutes(10);
        var worker = app.StartWorker(options);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await app.JobsOfAsync(id)).Single().LeaseOwner != worker.Owner)
            {
                await Task.Delay(100, patience.Token);
            }

            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private KundDbContext CreateContext() => app.Services.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContext();

    private async Task<JobLease> LeaseWhenExpiredAsync(string owner, TimeSpan duration)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await JobQueue.TryLeaseAsync(app.DataSource(), owner, duration, CancellationToken.None) is { } lease)
            {
                return lease;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    /// <summary>The environment's progress events that record a resource's transition.</summary>
    private async Task<int> TransitionEventsAsync(Guid id)
    {
        await using var command = app.DataSource().CreateCommand("""select count(*) from progress_events where "EnvironmentId" = $1 and "ResourceKey" is not null""");
        command.Parameters.AddWithValue(id);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Everything a worker writes for an environment, in a comparable form.</summary>
    private async Task<string> SnapshotAsync(Guid id)
    {
        await using var db = CreateContext();
        var environment = await db.Set<TeamEnvironment>().AsNoTracking().SingleAsync(e => e.Id == id);
        var records = await app.RecordsOfAsync(id);
        var job = Assert.Single(await app.JobsOfAsync(id));
        return string.Join(
            "\n",
            $"status={environment.Status}",
            $"events={await app.CountAsync("progress_events", id)}",
            $"audit={await app.CountAsync("audit_events", id)}",
            $"job={job.State}/{job.LeaseOwner}/{job.LeaseToken}/{job.Attempts}/{job.LeaseExpiresAt:O}/{job.NextRunAt:O}/{job.LastError}",
            string.Join(";", records.Select(r => $"{r.Key}={r.State}/{r.CloudId}/{r.Attempt}/{r.UpdatedAt:O}")));
    }
}
