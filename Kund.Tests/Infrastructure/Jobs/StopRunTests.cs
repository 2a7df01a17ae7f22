using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// A host whose own worker is off and whose sandbox runs only sixty times faster than AWS, so a cluster takes
/// ten seconds: long enough to stop a run while it waits for it.
/// </summary>
public sealed class SlowManualWorkerApp : ManualWorkerApp
{
    public SlowManualWorkerApp() => Settings["Kund:Sandbox:TimeScale"] = "60";
}

/// <summary>
/// Stopping a running create (POST …/cancel on Provisioning): no node starts after the stop, the nodes in
/// progress finish and are recorded, the environment ends Failed, and from there retry and destroy work.
/// </summary>
public class StopRunTests(SlowManualWorkerApp app) : IClassFixture<SlowManualWorkerApp>
{
    [Fact]
    public async Task Cancel_WhileProvisioning_NothingStartsAfterItThenRetryReadyAndDestroyToNothing()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var worker = app.StartWorker();
        try
        {
            var id = await app.ApproveAsync("stopped-run");

            // Stopped while only the cluster is in progress: everything that does not need it is made.
            await WaitUntilAsync(id, records =>
                records.Single(r => r.Key == ResourceKeys.Cluster) is { State: ResourceState.Creating, CloudId: not null }
                && records.Where(r => !NeedsCluster(r.Key) && r.Key != ResourceKeys.Cluster).All(r => r.State == ResourceState.Created));
            var asked = await alice.PostAsync($"/api/environments/{id}/cancel", null, 200);
            Assert.Equal("Provisioning", (string)asked["status"]!);

            var failed = await alice.WaitForStatusAsync(id, "Failed", "Ready");
            Assert.Equal("Failed", (string)failed["status"]!);

            var events = (await alice.GetObjectAsync($"/api/environments/{id}/events"))["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
            var stop = events.Single(e => ((string)e["message"]!).StartsWith($"Stop requested by {IdentityTestSupport.Alice}", StringComparison.Ordinal));
            var firstStarts = events.Where(e => e["resourceKey"] is not null && (string?)e["state"] == "Creating")
                .GroupBy(e => (string)e["resourceKey"]!)
                .ToDictionary(g => g.Key, g => g.Min(e => (long)e["seq"]!));
            Assert.All(firstStarts, start => Assert.True(start.Value < (long)stop["seq"]!, $"{start.Key} started after the stop"));

            // The cluster in progress finished and is recorded; nothing that needs it ever started.
            var records = await app.RecordsOfAsync(id);
            Assert.Equal(ResourceState.Created, records.Single(r => r.Key == ResourceKeys.Cluster).State);
            var neverStarted = records.Where(r => NeedsCluster(r.Key)).ToList();
            Assert.NotEmpty(neverStarted);
            Assert.All(neverStarted, r => Assert.Equal((ResourceState.Pending, (string?)null), (r.State, r.CloudId)));
            Assert.All(neverStarted, r => Assert.DoesNotContain(r.Key, firstStarts.Keys));
            Assert.DoesNotContain(app.CloudResourcesByKey(id).Keys, NeedsCluster);

            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Failed);
            Assert.StartsWith($"Stopped by {IdentityTestSupport.Alice}: ", view.FailureReason, StringComparison.Ordinal);
            Assert.Contains($"{records.Count(r => r.State == ResourceState.Created)} of {records.Count} resources exist", view.FailureReason, StringComparison.Ordinal);
            using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
            var requested = Assert.Single((await carol.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.stop-requested"))["items"]!.AsArray());
            Assert.Equal(IdentityTestSupport.Alice, (string)requested!["actor"]!);
            var stopped = Assert.Single((await carol.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.stopped"))["items"]!.AsArray());
            Assert.Equal(IdentityTestSupport.Alice, (string)stopped!["details"]!["stoppedBy"]!);
            Assert.Contains(ResourceKeys.Cluster, (string)stopped["details"]!["existing"]!, StringComparison.Ordinal);
            var job = Assert.Single(await app.JobsOfAsync(id));
            Assert.Equal((JobState.Failed, IdentityTestSupport.Alice), (job.State, job.StopRequestedBy));

            await alice.PostAsync($"/api/environments/{id}/retry", null, 200);
            Assert.Equal("Ready", (string)(await alice.WaitForStatusAsync(id, "Ready", "Failed"))["status"]!);
            app.AssertSeedResourcesOnce(await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready));
            await AssertRefusedAsync(alice, id, "Ready");

            await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
            Assert.Equal("Destroyed", (string)(await alice.WaitForStatusAsync(id, "Destroyed", "Failed"))["status"]!);
            AssertNothingLeft(id);
            await AssertRefusedAsync(alice, id, "Destroyed");
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task Cancel_WithNoWorkerAlive_TheNextWorkerStartsNothingAndFails()
    {
        // A node runs the job until it dies half-way; no other worker is alive.
        var id = await app.ApproveAsync("stopped-dead");
        var probe = new CrashProbe();
        probe.CrashAfter(id, 6);
        var lease = await JobQueue.TryLeaseAsync(app.DataSource(), "dying-node", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.NotNull(lease);
        await app.CreateRunner(ProvisioningHarness.Fast(), probe).RunAsync(lease, CancellationToken.None);
        Assert.Equal(EnvironmentStatus.Provisioning, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Provisioning)).Status);

        // An approver stops it while nothing runs: recorded on the job, so whichever worker comes next sees it.
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        await carol.PostAsync($"/api/environments/{id}/cancel", null, 200);
        var job = Assert.Single(await app.JobsOfAsync(id));
        Assert.Equal((JobState.Queued, IdentityTestSupport.Carol), (job.State, job.StopRequestedBy));
        var recordedBefore = Snapshot(await app.RecordsOfAsync(id));
        var cloudBefore = app.CloudResourcesByKey(id);

        var worker = app.StartWorker();
        try
        {
            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Failed, EnvironmentStatus.Ready);
            Assert.Equal(EnvironmentStatus.Failed, view.Status);
            Assert.StartsWith($"Stopped by {IdentityTestSupport.Carol}: ", view.FailureReason, StringComparison.Ordinal);
        }
        finally
        {
            await worker.StopAsync();
        }

        // The resumed run stopped before its first node: nothing recorded or made since.
        Assert.Equal(recordedBefore, Snapshot(await app.RecordsOfAsync(id)));
        Assert.Equal(cloudBefore, app.CloudResourcesByKey(id));
        Assert.Equal((JobState.Failed, 2), (Assert.Single(await app.JobsOfAsync(id)).State, Assert.Single(await app.JobsOfAsync(id)).Attempts));

        // And from there the destroy removes whatever the dead node made.
        var destroyer = app.StartWorker();
        try
        {
            using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
            await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
            Assert.Equal("Destroyed", (string)(await alice.WaitForStatusAsync(id, "Destroyed", "Failed"))["status"]!);
            AssertNothingLeft(id);
        }
        finally
        {
            await destroyer.StopAsync();
        }
    }

    /// <summary>The nodes that wait for the cluster: node groups, add-ons, access entries.</summary>
    private static bool NeedsCluster(string key) =>
        key.StartsWith("nodegroup/", StringComparison.Ordinal) || key.StartsWith("addon/", StringComparison.Ordinal) || key.StartsWith("access/", StringComparison.Ordinal);

    private static string Snapshot(IEnumerable<ResourceRecord> records) =>
        string.Join("\n", records.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.State} {r.CloudId} {r.UpdatedAt:O}"));

    private static async Task AssertRefusedAsync(HttpClient client, Guid id, string status)
    {
        var problem = await client.PostAsync($"/api/environments/{id}/cancel", null, 409);
        Assert.Contains($"the environment is {status}", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Provisioning or Updating", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private void AssertNothingLeft(Guid id)
    {
        var left = app.Cloud().Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString());
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        Assert.DoesNotContain(app.Cloud().Inventory(), i => i.Kind == ResourceKind.ElasticIp && i.Tags.GetValueOrDefault("kund:environment") == id.ToString());
    }

    private async Task WaitUntilAsync(Guid id, Func<List<ResourceRecord>, bool> condition)
    {
        using var patience = new CancellationTokenSource(ProvisioningHarness.Patience);
        while (true)
        {
            var records = await app.RecordsOfAsync(id);
            if (records.Count > 0 && condition(records))
            {
                return;
            }

            Assert.False(patience.IsCancellationRequested, "never reached: " + Snapshot(records));
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
