using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Progress;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Revisions;

/// <summary>
/// Change runs over the API, on seed environments provisioned in the sandbox by the real worker: an approved
/// revision takes the environment through Updating to Ready with its spec, in the diff plan's order, audited
/// per resource; a rollback undoes it; a revision approved while a change runs waits for it.
/// </summary>
public class ChangeRunApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Approve_SingleToPerZoneNat_ReadyWithTwoGatewaysAndRollbackReleasesTheSecond()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("nat-run");
        var id = await ReadyAsync(alice, carol, spec);
        var before = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready);
        var single = Assert.Single(await app.AssertPrivateRoutesAsync(before, perZone: false));

        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", Body(new { spec = ChangeRuns.PerAz(spec), comment = "one NAT per zone" }));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);
        using var approved = await carol.PostAsJsonAsync($"/api/environments/{id}/revisions/2/approve", new { comment = "go" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Applying", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var view = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        Assert.Equal(2, view.Revision);
        Assert.Equal(NatGatewayMode.PerAz, view.Spec.Routing!.NatGateways);
        var revision = await app.RevisionAsync(id, 2);
        Assert.Equal(RevisionStatus.Applied, revision.Status);
        Assert.NotNull(revision.AppliedAt);
        var perZone = await app.AssertPrivateRoutesAsync(view, perZone: true);
        Assert.Equal(2, perZone.Count);
        Assert.Contains(perZone, g => g.NatGatewayId == single.NatGatewayId);
        Assert.All(view.Resources, r => Assert.Equal(ResourceState.Created, r.State));
        Assert.DoesNotContain(view.Resources, r => r.Key == ResourceKeys.PrivateRouteTable);
        var byKey = app.CloudResourcesByKey(id);
        Assert.All(byKey, pair => Assert.True(pair.Value == 1, $"{pair.Key} exists {pair.Value} times in the cloud"));

        // The audit names the revision's author and approver, and each resource the change made or removed.
        var applied = Assert.Single((await AuditAsync(carol, id, "revision.applied")).EnumerateArray());
        var details = applied.GetProperty("details");
        Assert.Equal(IdentityTestSupport.Alice, details.GetProperty("requestedBy").GetString());
        Assert.Equal(IdentityTestSupport.Carol, details.GetProperty("approvedBy").GetString());
        var created = (await AuditAsync(carol, id, "resource.created")).EnumerateArray().Select(e => e.GetProperty("details").GetProperty("kind").GetString()).ToList();
        Assert.Contains("NatGateway", created);
        Assert.Contains((await AuditAsync(carol, id, "resource.deleted")).EnumerateArray(), e => e.GetProperty("subject").GetString()!.StartsWith(ResourceKeys.PrivateRouteTable + " ", StringComparison.Ordinal));

        // Back to revision 1: the second gateway goes and its address is released.
        var second = perZone.Single(g => g.NatGatewayId != single.NatGatewayId);
        var secondAddress = Assert.Single(second.NatGatewayAddresses).AllocationId;
        using var rollback = await alice.PostAsync($"/api/environments/{id}/revisions", Body(new { rollbackTo = 1 }));
        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/3/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/environments/{id}/revisions/3/approve", null)).StatusCode);

        var rolledBack = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(rolledBack.Status == EnvironmentStatus.Ready, $"{rolledBack.Status}: {rolledBack.FailureReason}");
        Assert.Equal(3, rolledBack.Revision);
        Assert.Equal(single.NatGatewayId, Assert.Single(await app.AssertPrivateRoutesAsync(rolledBack, perZone: false)).NatGatewayId);
        var inventory = app.Cloud().Inventory();
        Assert.Equal("deleted", inventory.Single(i => i.Id == second.NatGatewayId).State);
        Assert.DoesNotContain(inventory, i => i.Id == secondAddress);
        Assert.Equal(before.Resources.Select(r => r.Key).Order(StringComparer.Ordinal), rolledBack.Resources.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Single(await app.JobsOfAsync(id), j => j.Kind == JobKind.Provision);
        Assert.Equal(2, (await app.JobsOfAsync(id)).Count(j => j is { Kind: JobKind.Change, State: JobState.Succeeded }));
    }

    [Fact]
    public async Task Approve_KubernetesUpgrade_ControlPlaneThenNodeGroupThenAddOns()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = WithAddons(SeedSpecs.Payments("upgrade-run"), "1.34", ("kube-proxy", "v1.34.1-eksbuild.2"), ("coredns", "v1.12.4-eksbuild.1"));
        var id = await ReadyAsync(alice, carol, spec);
        var upgraded = WithAddons(spec, "1.35", ("kube-proxy", "v1.35.0-eksbuild.2"), ("coredns", "v1.13.1-eksbuild.1"));

        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", Body(new { spec = upgraded }));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var plan = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions/2/plan");
        var updates = plan.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("action").GetString() == "update").Select(a => a.GetProperty("key").GetString()).ToList();
        Assert.Contains(ResourceKeys.Cluster, updates);
        Assert.DoesNotContain(plan.GetProperty("actions").EnumerateArray(), a => a.GetProperty("action").GetString() is "replace" or "delete" or "create");
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null)).StatusCode);

        var view = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        Assert.Equal("1.35", view.Spec.Cluster!.KubernetesVersion);
        var events = await app.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));
        long Started(string key) => events.First(e => e.ResourceKey == key && e.Message.StartsWith("Updating ", StringComparison.Ordinal)).Sequence;
        long Finished(string key) => events.First(e => e.ResourceKey == key && e.Message.StartsWith("Updated ", StringComparison.Ordinal)).Sequence;
        var nodeGroup = view.Resources.Single(r => r.Kind == ResourceKind.EksNodeGroup).Key;
        Assert.True(Finished(ResourceKeys.Cluster) < Started(nodeGroup), "the node group was updated before the control plane was done");
        Assert.True(Finished(ResourceKeys.Cluster) < Started(ResourceKeys.Addon("kube-proxy")), "kube-proxy was updated before the control plane was done");
        Assert.True(Finished(nodeGroup) < Started(ResourceKeys.Addon("coredns")), "coredns was updated before its nodes were");
        var updated = (await AuditAsync(carol, id, "resource.updated")).EnumerateArray().Select(e => e.GetProperty("subject").GetString()!.Split(' ')[0]).ToList();
        Assert.Contains(ResourceKeys.Cluster, updated);
        Assert.Contains(nodeGroup, updated);
        Assert.Contains(ResourceKeys.Addon("coredns"), updated);
    }

    [Fact]
    public async Task Submit_ProposedChange_InTheApprovalsQueueAndItsCountUntilApproved()
    {
        using var alice = await ClientAsync(IdentityTestSupport.Alice);
        using var carol = await ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("queued-change");
        var id = await ReadyAsync(alice, carol, spec);
        var before = await app.WithAsync<ApprovalQueue, int>(q => q.CountAsync(Callers.Carol, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/environments/{id}/revisions", Body(new { spec = ChangeRuns.PerAz(spec), comment = "per zone" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);

        var waiting = Assert.Single(await app.WithAsync<ApprovalQueue, IReadOnlyList<PendingChange>>(q => q.ChangesAsync(Callers.Carol, CancellationToken.None)), c => c.EnvironmentId == id);
        Assert.Equal((2, IdentityTestSupport.Alice, "per zone"), (waiting.Number, waiting.RequestedBy, waiting.Comment));
        Assert.Equal(before + 1, await app.WithAsync<ApprovalQueue, int>(q => q.CountAsync(Callers.Carol, CancellationToken.None)));
        Assert.Empty(await app.WithAsync<ApprovalQueue, IReadOnlyList<PendingChange>>(q => q.ChangesAsync(Callers.Bob, CancellationToken.None)));

        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", null)).StatusCode);
        Assert.DoesNotContain(await app.WithAsync<ApprovalQueue, IReadOnlyList<PendingChange>>(q => q.ChangesAsync(Callers.Carol, CancellationToken.None)), c => c.EnvironmentId == id);
        var view = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
    }

    private static async Task<JsonElement> AuditAsync(HttpClient client, Guid id, string action) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/audit?environmentId={id}&action={action}")).GetProperty("items");

    private Task<Guid> ReadyAsync(HttpClient requester, HttpClient approver, EnvironmentSpec spec) => app.ReadyOverApiAsync(requester, approver, spec);

    private Task<HttpClient> ClientAsync(string email) => app.ClientAsync(email);

    private static EnvironmentSpec WithAddons(EnvironmentSpec spec, string version, params (string Name, string Version)[] addons) => ChangeRuns.WithAddons(spec, version, addons);

    private static StringContent Body<T>(T body) => ChangeRuns.Json(body);
}
