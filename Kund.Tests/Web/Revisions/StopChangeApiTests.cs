using System.Net;
using System.Text.Json.Nodes;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Revisions;

/// <summary>
/// Stopping a running change (POST …/cancel on Updating), over the API in the sandbox at sixty times AWS's
/// speed, so the control plane's upgrade takes eight seconds: the update in flight finishes, nothing starts
/// after the stop, the environment ends Failed with what exists recorded, and a retry finishes the change.
/// </summary>
public class StopChangeApiTests(SlowManualWorkerApp app) : IClassFixture<SlowManualWorkerApp>
{
    private const string NodeGroup = "nodegroup/general";

    [Fact]
    public async Task Cancel_WhileUpdating_NothingStartsAfterItThenRetryAppliesTheChange()
    {
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientAsync(IdentityTestSupport.Carol);
        var spec = ChangeRuns.WithAddons(SeedSpecs.Payments("stopped-change"), "1.34", ("kube-proxy", "v1.34.1-eksbuild.2"), ("coredns", "v1.12.4-eksbuild.1"));
        var upgraded = ChangeRuns.WithAddons(spec, "1.35", ("kube-proxy", "v1.35.0-eksbuild.2"), ("coredns", "v1.13.1-eksbuild.1"));
        var worker = app.StartWorker();
        try
        {
            var id = await app.ReadyOverApiAsync(alice, carol, spec);
            var region = spec.Region!;
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/environments/{id}/revisions", ChangeRuns.Json(new { spec = upgraded, comment = "to 1.35" }))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null)).StatusCode);

            // Stopped while the control plane's upgrade runs: the node group and the add-ons wait for it.
            await WaitForEventAsync(alice, id, e => Key(e) == ResourceKeys.Cluster && Message(e).StartsWith("Updating ", StringComparison.Ordinal));
            Assert.DoesNotContain(await EventsAsync(alice, id), e => Key(e) == ResourceKeys.Cluster && Message(e).StartsWith("Updated ", StringComparison.Ordinal));
            var asked = await alice.PostAsync($"/api/environments/{id}/cancel", null, 200);
            Assert.Equal("Updating", (string)asked["status"]!);

            var failed = await alice.WaitForStatusAsync(id, "Failed", "Ready");
            Assert.Equal("Failed", (string)failed["status"]!);
            Assert.StartsWith($"Stopped by {IdentityTestSupport.Alice}: ", (string)failed["failureReason"]!, StringComparison.Ordinal);

            var events = await EventsAsync(alice, id);
            var stop = Seq(events.Single(e => Message(e).StartsWith($"Stop requested by {IdentityTestSupport.Alice}", StringComparison.Ordinal)));
            var updating = events.Where(e => Message(e).StartsWith("Updating ", StringComparison.Ordinal)).ToList();
            Assert.All(updating, e => Assert.True(Seq(e) < stop, $"{Key(e)} started updating after the stop"));
            Assert.Equal([ResourceKeys.Cluster], updating.Select(Key).Distinct());

            // The update in flight finished and is recorded; the node group and add-ons were never touched.
            Assert.Contains(events, e => Key(e) == ResourceKeys.Cluster && Message(e).StartsWith("Updated ", StringComparison.Ordinal) && Seq(e) > stop);
            var cloud = app.Cloud();
            Assert.Equal("1.35", cloud.DescribeCluster(region, spec.Cluster!.Name!).Version);
            Assert.Equal("1.34", cloud.DescribeNodegroup(region, spec.Cluster.Name!, "general").Version);
            Assert.Equal("v1.34.1-eksbuild.2", cloud.DescribeAddon(region, spec.Cluster.Name!, "kube-proxy").Version);
            var records = await app.RecordsOfAsync(id);
            Assert.Equal(23, records.Count);
            Assert.All(records, r => Assert.True(r is { State: ResourceState.Created, CloudId: not null }, $"{r.Key} is {r.State} ({r.CloudId})"));
            var view = await alice.GetObjectAsync($"/api/environments/{id}");
            Assert.Equal(1, (int)view["revision"]!);
            Assert.Equal("1.34", (string)view["spec"]!["cluster"]!["kubernetesVersion"]!);
            Assert.Equal("Failed", (string)(await alice.GetObjectAsync($"/api/environments/{id}/revisions/2"))["status"]!);

            var stopped = Assert.Single((await carol.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.stopped"))["items"]!.AsArray());
            Assert.Equal(IdentityTestSupport.Alice, (string)stopped!["details"]!["stoppedBy"]!);
            Assert.Equal("2", (string)stopped["details"]!["revision"]!);
            Assert.Contains(ResourceKeys.Cluster, (string)stopped["details"]!["existing"]!, StringComparison.Ordinal);
            var change = Assert.Single(await app.JobsOfAsync(id), j => j.Kind == JobKind.Change);
            Assert.Equal((JobState.Failed, IdentityTestSupport.Alice), (change.State, change.StopRequestedBy));

            // Retry resumes the same change from what exists: the control plane is not upgraded again.
            await alice.PostAsync($"/api/environments/{id}/retry", null, 200);
            var ready = await alice.WaitForStatusAsync(id, "Ready", "Failed");
            Assert.True((string)ready["status"]! == "Ready", $"{ready["status"]}: {ready["failureReason"]}");
            Assert.Equal(2, (int)ready["revision"]!);
            Assert.Equal("1.35", (string)ready["spec"]!["cluster"]!["kubernetesVersion"]!);
            Assert.Equal("Applied", (string)(await alice.GetObjectAsync($"/api/environments/{id}/revisions/2"))["status"]!);
            Assert.Equal("1.35", cloud.DescribeNodegroup(region, spec.Cluster.Name!, "general").Version);
            Assert.Equal("v1.35.0-eksbuild.2", cloud.DescribeAddon(region, spec.Cluster.Name!, "kube-proxy").Version);
            Assert.Equal("v1.13.1-eksbuild.1", cloud.DescribeAddon(region, spec.Cluster.Name!, "coredns").Version);
            var after = (await EventsAsync(alice, id)).Where(e => Seq(e) > stop && Message(e).StartsWith("Updating ", StringComparison.Ordinal)).Select(Key).ToList();
            Assert.DoesNotContain(ResourceKeys.Cluster, after);
            Assert.Contains(NodeGroup, after);
            Assert.Contains(ResourceKeys.Addon("coredns"), after);
            Assert.Equal(
                [(JobState.Failed, IdentityTestSupport.Alice), (JobState.Succeeded, (string?)null)],
                (await app.JobsOfAsync(id)).Where(j => j.Kind == JobKind.Change).Select(j => (j.State, j.StopRequestedBy)));
            app.AssertSeedResourcesOnce(await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static string? Key(JsonObject e) => (string?)e["resourceKey"];

    private static string Message(JsonObject e) => (string)e["message"]!;

    private static long Seq(JsonObject e) => (long)e["seq"]!;

    private static async Task<List<JsonObject>> EventsAsync(HttpClient client, Guid id) =>
        [.. (await client.GetObjectAsync($"/api/environments/{id}/events"))["items"]!.AsArray().Select(e => e!.AsObject())];

    private static async Task WaitForEventAsync(HttpClient client, Guid id, Func<JsonObject, bool> seen)
    {
        using var patience = new CancellationTokenSource(ProvisioningHarness.Patience);
        while (!(await EventsAsync(client, id)).Any(seen))
        {
            Assert.False(patience.IsCancellationRequested, "the event never came");
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
