using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// A node freezes after the Nth committed transition and never renews its lease (a hard crash, or a
/// partition): after the lease expires another worker resumes the job; when the frozen node wakes up
/// its writes are refused.
/// </summary>
public class HardCrashTests(ManualWorkerApp app) : IClassFixture<ManualWorkerApp>
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(30)]
    [InlineData(45)]
    [InlineData(60)]
    public async Task Provision_NodeFrozenAfterTransitionN_TakenOverAfterLeaseAndReadyWithEachResourceOnce(int n)
    {
        var id = await app.ApproveAsync($"frozen-{n:00}");
        var lease = await JobQueue.TryLeaseAsync(app.DataSource(), "frozen-node", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Equal(id, lease.EnvironmentId);

        var probe = new GateProbe(stopAfter: n);
        var sent = new InFlightDrivers(app.Services.GetRequiredService<IResourceDriverSet>());
        var frozen = ActivatorUtilities.CreateInstance<JobRunner>(
            app.Services,
            Options.Create(ProvisioningHarness.Fast(heartbeat: TimeSpan.FromMinutes(20))),
            (IEnumerable<IProvisioningProbe>)[probe],
            (IResourceDriverSet)sent);
        var frozenRun = frozen.RunAsync(lease, CancellationToken.None);
        await probe.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        // Cloud calls the node had already sent land before its lease runs out, as they would for a real crash.
        await sent.IdleAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var worker = app.StartWorker();
        EnvironmentView view;
        try
        {
            view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        }
        finally
        {
            await worker.StopAsync();
        }

        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        probe.Open();
        await frozenRun.WaitAsync(TimeSpan.FromSeconds(30));

        var after = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Carol, id, CancellationToken.None));
        Assert.Equal(EnvironmentStatus.Ready, after.Status);
        app.AssertSeedResourcesOnce(after);
        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Succeeded, 2L, 2), (job.State, job.LeaseToken, job.Attempts));
    }
}
