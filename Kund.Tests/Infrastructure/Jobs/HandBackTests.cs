using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>A node that shuts down hands its jobs back at once; a job that keeps failing unexpectedly ends Failed, visibly, and can be retried.</summary>
public class HandBackTests(ManualWorkerApp app) : IClassFixture<ManualWorkerApp>
{
    [Fact]
    public async Task Worker_StoppedMidway_HandsJobBackAndAnotherResumesToReady()
    {
        var id = await app.ApproveAsync("handed-back");
        var probe = new GateProbe(stopAfter: 12);
        probe.Open();
        var leaving = app.StartWorker(runner: app.CreateRunner(ProvisioningHarness.Fast(), probe));
        await probe.Reached.WaitAsync(ProvisioningHarness.Patience);
        await leaving.StopAsync();

        var handedBack = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Queued, null, 1), (handedBack.State, handedBack.LeaseOwner, handedBack.Attempts));
        var records = await app.RecordsOfAsync(id);
        Assert.Contains(records, r => r.State == ResourceState.Created);
        Assert.Contains(records, r => r.State != ResourceState.Created);

        var staying = app.StartWorker();
        try
        {
            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
            app.AssertSeedResourcesOnce(view);
        }
        finally
        {
            await staying.StopAsync();
        }

        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Succeeded, 2L, 2), (job.State, job.LeaseToken, job.Attempts));
    }

    [Fact]
    public async Task Run_CrashingOnEveryAttempt_FailedAfterMaxAttemptsThenRetriedToReady()
    {
        var id = await app.ApproveAsync("keeps-crashing");
        var probe = new CrashProbe();
        probe.CrashAlways(id);
        var options = ProvisioningHarness.Fast();
        options.MaxAttempts = 3;
        var worker = app.StartWorker(options, app.CreateRunner(options, probe));
        try
        {
            var failed = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Failed, EnvironmentStatus.Ready);
            Assert.Equal(EnvironmentStatus.Failed, failed.Status);
            Assert.Contains("after 3 attempts", failed.FailureReason, StringComparison.Ordinal);
            Assert.Contains("Simulated crash", failed.FailureReason, StringComparison.Ordinal);
            var job = Assert.Single(await app.JobsOfAsync(id));
            Assert.Equal((JobState.Failed, 3), (job.State, job.Attempts));

            probe.Heal(id);
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.RetryAsync(Callers.Alice, id, CancellationToken.None));
            var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
            app.AssertSeedResourcesOnce(ready);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task Run_FailingBeforeProvisioningStarts_EnvironmentFailedNotLeftApproved()
    {
        var id = await app.ApproveAsync("never-starts");

        // A stored spec the graph cannot be built from: every attempt fails before the first node.
        await using (var corrupt = app.DataSource().CreateCommand("""update environments set "Spec" = '{"name": "never-starts", "team": "team-a"}'::jsonb where "Id" = $1"""))
        {
            corrupt.Parameters.AddWithValue(id);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var options = ProvisioningHarness.Fast();
        options.MaxAttempts = 2;
        var worker = app.StartWorker(options);
        try
        {
            using var patience = new CancellationTokenSource(ProvisioningHarness.Patience);
            while ((await app.JobsOfAsync(id)).Single().State != JobState.Failed)
            {
                await Task.Delay(100, patience.Token);
            }
        }
        finally
        {
            await worker.StopAsync();
        }

        await using var status = app.DataSource().CreateCommand("""select "Status", "FailureReason" from environments where "Id" = $1""");
        status.Parameters.AddWithValue(id);
        await using var reader = await status.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(nameof(EnvironmentStatus.Failed), reader.GetString(0));
        Assert.Contains("after 2 attempts", reader.GetString(1), StringComparison.Ordinal);
    }
}
