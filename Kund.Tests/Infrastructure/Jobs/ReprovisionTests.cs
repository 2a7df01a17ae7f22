using System.Net;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Progress;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// A destroy that fails halfway leaves the environment Failed with part of it deleted; a change to the same spec
/// makes what was deleted again within the day the cloud remembers its idempotency tokens, so the route tables
/// come back as new ones (a repeated token would hand back the deleted table) and every private subnet is routed,
/// also when the worker crashes in the middle of that re-provision and the next lease resumes it.
/// </summary>
public class ReprovisionTests(CrashingWorkerApp app) : IClassFixture<CrashingWorkerApp>
{
    [Fact]
    public async Task Destroy_FailsAtTheVpc_ThenAChangeToTheSameSpecIsReadyWithNewRouteTables()
    {
        var id = await app.ApproveAsync("reprovision");
        var ready = await ReadyAsync(id);
        var (failed, firstTables) = await DestroyFailingAtTheVpcAsync(id, ready);

        // From Failed, a change to the spec the environment has makes again what the destroy deleted.
        var number = await app.ApproveChangeAsync(id, failed.Spec);

        await AssertBackWithNewRouteTablesAsync(id, number, ready, firstTables);
    }

    /// <summary>
    /// The same path with the worker crashed in the middle of the re-provision and the next lease resuming it:
    /// before a route table's create was sent (the resumed run sends the remembered token, which answers with
    /// the deleted table, and derives the next one), after the new table was recorded, and after it was ready.
    /// </summary>
    [Theory]
    [InlineData(1, ResourceKeys.PrivateRouteTable, ResourceState.Creating, false)]
    [InlineData(2, ResourceKeys.PrivateRouteTable, ResourceState.Creating, true)]
    [InlineData(3, ResourceKeys.PublicRouteTable, ResourceState.Created, true)]
    public async Task Destroy_FailsAtTheVpc_ThenAChangeCrashedMidReprovision_ResumesToReadyWithNewRouteTables(int run, string key, ResourceState state, bool recorded)
    {
        var id = await app.ApproveAsync($"reprovision-crash-{run}");
        var ready = await ReadyAsync(id);
        var (failed, firstTables) = await DestroyFailingAtTheVpcAsync(id, ready);
        app.Probe.CrashAfterFirst(id, t => t.Key == key && t.State == state && (t.Resource is not null) == recorded);

        var number = await app.ApproveChangeAsync(id, failed.Spec);

        await AssertBackWithNewRouteTablesAsync(id, number, ready, firstTables);
        var change = (await app.JobsOfAsync(id)).Last();
        Assert.Equal((JobKind.Change, JobState.Succeeded, 2), (change.Kind, change.State, change.Attempts));
        var events = await app.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));
        Assert.Contains(events, e => e.Message == "Change resumed (attempt 2)");
        Assert.DoesNotContain(events, e => e.Message.Contains("InvalidRouteTableID.NotFound", StringComparison.Ordinal));
    }

    /// <summary>Destroys the Ready environment with DeleteVpc refused: Failed, with the route tables, the cluster and the rest deleted.</summary>
    private async Task<(EnvironmentView Failed, Dictionary<string, string> FirstTables)> DestroyFailingAtTheVpcAsync(Guid id, EnvironmentView ready)
    {
        var firstTables = ready.Resources.Where(r => r.Kind == ResourceKind.RouteTable).ToDictionary(r => r.Key, r => r.CloudId!, StringComparer.Ordinal);
        Assert.Contains(ResourceKeys.PrivateRouteTable, firstTables.Keys);

        // The VPC is the destroy's last step: by then the route tables, the cluster and the rest are gone.
        app.Cloud().Faults.Set("DeleteVpc", new OperationFault(1, "UnauthorizedOperation", HttpStatusCode.Forbidden, "You are not authorized to perform this operation."));
        EnvironmentView failed;
        try
        {
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
            failed = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Failed, EnvironmentStatus.Destroyed);
        }
        finally
        {
            app.Cloud().Faults.Clear("DeleteVpc");
        }

        Assert.True(failed.Status == EnvironmentStatus.Failed, $"{failed.Status}: {failed.FailureReason}");
        Assert.Contains("UnauthorizedOperation", failed.FailureReason, StringComparison.Ordinal);
        var records = await app.RecordsOfAsync(id);
        Assert.All(firstTables.Keys, key => Assert.Equal(ResourceState.Deleted, records.Single(r => r.Key == key).State));
        Assert.Equal(ResourceState.Deleted, records.Single(r => r.Key == ResourceKeys.Cluster).State);
        Assert.Equal(ResourceState.Failed, records.Single(r => r.Key == ResourceKeys.Vpc).State);
        Assert.DoesNotContain(app.Cloud().Inventory(), i => firstTables.ContainsValue(i.Id));
        return (failed, firstTables);
    }

    /// <summary>Ready at revision <paramref name="number"/>: every resource once in the cloud, the route tables new ones, every private subnet routed.</summary>
    private async Task AssertBackWithNewRouteTablesAsync(Guid id, int number, EnvironmentView ready, Dictionary<string, string> firstTables)
    {
        var back = await ReadyAsync(id);
        Assert.Equal(number, back.Revision);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(id, number)).Status);
        Assert.Equal(ready.Outputs.VpcId, back.Outputs.VpcId);
        Assert.All(back.Resources, r => Assert.True(r.State == ResourceState.Created && r.CloudId is not null, $"{r.Key} is {r.State} ({r.CloudId})"));

        // Each seed resource once among what exists (the deleted NAT gateway stays listed as deleted, as in EC2).
        var live = app.Cloud().Inventory()
            .Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString() && i.State != "deleted")
            .GroupBy(i => i.Tags.GetValueOrDefault("kund:resource") ?? "?")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var tagged = back.Resources.Where(r => r.Kind != ResourceKind.IamRolePolicyAttachment).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(19, tagged.Count);
        Assert.Equal(tagged, live.Keys.Order(StringComparer.Ordinal));
        Assert.All(live, pair => Assert.True(pair.Value == 1, $"{pair.Key} exists {pair.Value} times in the cloud"));

        foreach (var (key, oldId) in firstTables)
        {
            var newId = back.Resources.Single(r => r.Key == key).CloudId!;
            Assert.NotEqual(oldId, newId);
            Assert.Contains(app.Cloud().Inventory(), i => i.Kind == ResourceKind.RouteTable && i.Id == newId);
        }

        Assert.Single(await app.AssertPrivateRoutesAsync(back, perZone: false));
    }

    private async Task<EnvironmentView> ReadyAsync(Guid id)
    {
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        return view;
    }
}
