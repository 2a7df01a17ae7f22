using Kund.Domain.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>Workers on several nodes race for the same jobs: each job is leased once and each resource made once.</summary>
public class TwoWorkersTests(ManualWorkerApp app) : IClassFixture<ManualWorkerApp>
{
    private static readonly string[] CreatingOperations =
        ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway", "AllocateAddress", "CreateNatGateway", "CreateRouteTable", "CreateRole", "AttachRolePolicy", "CreateCluster"];

    [Fact]
    public async Task TryLease_EightWorkersRacingForOneJob_ExactlyOneLease()
    {
        var id = await app.ApproveAsync("race-lease");
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await JobQueue.TryLeaseAsync(app.DataSource(), $"node-{i}", TimeSpan.FromMinutes(5), CancellationToken.None);
        })).ToList();
        start.Set();
        var leases = await Task.WhenAll(attempts);

        var lease = Assert.Single(leases, l => l is not null)!;
        Assert.Equal(id, lease.EnvironmentId);
        Assert.Equal((1L, 1), (lease.Token, lease.Attempts));
        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Running, lease.Owner), (job.State, job.LeaseOwner));

        // Hand it back so the next test of this class finds no job but its own.
        await using var db = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Kund.Infrastructure.Persistence.KundDbContext>>().CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await JobQueue.CompleteAsync(db, lease, JobState.Failed, "test over", CancellationToken.None);
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task Workers_TwoRacingForFourJobs_EachJobRunsOnceAndEachResourceIsMadeOnce()
    {
        app.Cloud().Calls.Reset();
        var first = app.StartWorker();
        var second = app.StartWorker();
        try
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                ids.Add(await app.ApproveAsync($"two-workers-{i}"));
            }

            foreach (var id in ids)
            {
                var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
                Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
                app.AssertSeedResourcesOnce(view);
                var job = Assert.Single(await app.JobsOfAsync(id));
                Assert.Equal((JobState.Succeeded, 1L, 1), (job.State, job.LeaseToken, job.Attempts));
            }
        }
        finally
        {
            await first.StopAsync();
            await second.StopAsync();
        }

        var calls = app.Cloud().Calls;
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["CreateVpc"] = 4, ["CreateSubnet"] = 16, ["CreateInternetGateway"] = 4, ["AttachInternetGateway"] = 4,
                ["AllocateAddress"] = 4, ["CreateNatGateway"] = 4, ["CreateRouteTable"] = 8,
                ["CreateRole"] = 8, ["AttachRolePolicy"] = 16, ["CreateCluster"] = 4,
            },
            CreatingOperations.ToDictionary(o => o, calls.Calls));
    }
}
