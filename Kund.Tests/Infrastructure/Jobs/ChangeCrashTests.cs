using System.Collections.Concurrent;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>A host whose worker crashes chosen runs after a chosen transition, and holds chosen environments' runs until let go.</summary>
public sealed class ChangeWorkerApp : KundAppFactory
{
    public ChangeWorkerApp() => ManualWorkerApp.FastSettings(Settings);

    public CrashProbe Crashes { get; } = new();

    public HoldProbe Holds { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IProvisioningProbe>(Crashes).AddSingleton<IProvisioningProbe>(Holds));
    }
}

/// <summary>Holds the run of a chosen environment after its next committed transition, until released.</summary>
public sealed class HoldProbe : IProvisioningProbe
{
    private readonly ConcurrentDictionary<Guid, (TaskCompletionSource Reached, TaskCompletionSource Open)> holds = new();

    public Task HoldAsync(Guid environmentId)
    {
        var hold = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        holds[environmentId] = hold;
        return hold.Item1.Task;
    }

    public void Release(Guid environmentId)
    {
        if (holds.TryRemove(environmentId, out var hold))
        {
            hold.Open.TrySetResult();
        }
    }

    public async ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken)
    {
        if (holds.TryGetValue(environmentId, out var hold))
        {
            hold.Reached.TrySetResult();
            await hold.Open.Task.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>
/// A change run is as durable as a create: the worker stops after any committed transition of a single → per-zone
/// NAT change and the next lease resumes it to Ready, every resource once and every private subnet routed. One
/// change at a time: a revision approved while another runs waits, Approved, and starts when it ends.
/// </summary>
public class ChangeCrashTests(ChangeWorkerApp app) : IClassFixture<ChangeWorkerApp>
{
    [Fact]
    public async Task NatChange_CrashAfterEveryTransition_ResumesToReadyWithEachResourceOnceAndEverySubnetRouted()
    {
        // An uninterrupted change tells how many cut points there are.
        var baseline = await app.ApproveAsync("change-baseline");
        var baselineView = await ReadyAsync(baseline);
        var provisioned = app.Crashes.Transitions(baseline);
        await app.ApproveChangeAsync(baseline, ChangeRuns.PerAz(baselineView.Spec));
        await AssertChangedAsync(baseline, attempts: 1);
        var total = app.Crashes.Transitions(baseline) - provisioned;
        // Four nodes made (address, gateway, two route tables), one deleted, each with at least two transitions.
        Assert.True(total >= 10, $"expected at least ten transitions in the change, saw {total}");

        var environments = new List<Guid>();
        for (var n = 1; n <= total; n++)
        {
            environments.Add(await app.ApproveAsync($"change-crash-{n:00}"));
        }

        var crashed = new List<(Guid Id, int After)>();
        foreach (var (id, n) in environments.Select((id, i) => (id, i + 1)))
        {
            var view = await ReadyAsync(id);
            app.Crashes.CrashAfter(id, app.Crashes.Transitions(id) + n);
            await app.ApproveChangeAsync(id, ChangeRuns.PerAz(view.Spec));
            crashed.Add((id, n));
        }

        foreach (var (id, _) in crashed)
        {
            await AssertChangedAsync(id, attempts: 2);
        }
    }

    [Fact]
    public async Task Approve_WhileAnotherChangeRuns_WaitsApprovedThenAppliesAfterIt()
    {
        var id = await app.ApproveAsync("change-queue");
        var view = await ReadyAsync(id);
        var reached = app.Holds.HoldAsync(id);
        await app.ApproveChangeAsync(id, ChangeRuns.PerAz(view.Spec));
        await reached.WaitAsync(ProvisioningHarness.Patience);

        var tagged = ChangeRuns.PerAz(view.Spec) with { Tags = new Dictionary<string, string> { ["cost-center"] = "5678" } };
        var third = await app.ApproveChangeAsync(id, tagged);

        Assert.Equal(RevisionStatus.Approved, (await app.RevisionAsync(id, third)).Status);
        Assert.Equal(RevisionStatus.Applying, (await app.RevisionAsync(id, 2)).Status);
        Assert.Equal(EnvironmentStatus.Updating, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Updating)).Status);
        app.Holds.Release(id);

        var done = await ReadyAsync(id);
        Assert.Equal(third, done.Revision);
        Assert.Equal("5678", done.Spec.Tags!["cost-center"]);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(id, 2)).Status);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(id, third)).Status);
        var changes = (await app.JobsOfAsync(id)).Where(j => j.Kind == JobKind.Change).ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, j => Assert.Equal(JobState.Succeeded, j.State));
        var vpc = app.Cloud().Inventory().Single(i => i.Kind == ResourceKind.Vpc && i.Id == done.Outputs.VpcId);
        Assert.Equal("5678", vpc.Tags["cost-center"]);
    }

    private async Task AssertChangedAsync(Guid id, int attempts)
    {
        var view = await ReadyAsync(id);
        Assert.Equal(2, view.Revision);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(id, 2)).Status);
        Assert.Equal(2, (await app.AssertPrivateRoutesAsync(view, perZone: true)).Count);
        var byKey = app.CloudResourcesByKey(id);
        Assert.All(byKey, pair => Assert.True(pair.Value == 1, $"{pair.Key} exists {pair.Value} times in the cloud"));
        Assert.DoesNotContain(ResourceKeys.PrivateRouteTable, byKey.Keys);
        Assert.Equal(view.Resources.Where(r => r.Kind != ResourceKind.IamRolePolicyAttachment).Select(r => r.Key).Order(StringComparer.Ordinal), byKey.Keys.Order(StringComparer.Ordinal));
        Assert.All(view.Resources, r => Assert.True(r.State == ResourceState.Created && r.CloudId is not null, $"{r.Key} is {r.State} ({r.CloudId})"));
        var change = Assert.Single(await app.JobsOfAsync(id), j => j.Kind == JobKind.Change);
        Assert.Equal((JobState.Succeeded, attempts), (change.State, change.Attempts));
    }

    private async Task<EnvironmentView> ReadyAsync(Guid id)
    {
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        return view;
    }
}
