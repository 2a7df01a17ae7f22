using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>A host whose worker runs with a probe that crashes chosen runs after a chosen transition.</summary>
public sealed class CrashingWorkerApp : KundAppFactory
{
    public CrashingWorkerApp() => ManualWorkerApp.FastSettings(Settings);

    public CrashProbe Probe { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IProvisioningProbe>(Probe));
    }
}

/// <summary>
/// The worker stops between any two committed transitions of the seed environment, and the next lease
/// resumes from what was recorded: Ready, every resource made exactly once.
/// </summary>
public class CrashResumeTests(CrashingWorkerApp app) : IClassFixture<CrashingWorkerApp>
{
    [Fact]
    public async Task Provision_CrashAfterEveryTransition_ResumesToReadyWithEachResourceOnce()
    {
        // An uninterrupted run tells how many cut points there are.
        var baseline = await app.ApproveAsync("crash-baseline");
        var baselineView = await WaitReadyAsync(baseline);
        app.AssertSeedResourcesOnce(baselineView);
        var total = app.Probe.Transitions(baseline);
        // 23 nodes: the network, both roles and their policies, the cluster, its node group, add-ons and access entry.
        Assert.True(total >= 46, $"expected at least two transitions per node, saw {total}");

        var crashed = new List<(Guid Id, int After)>();
        for (var n = 1; n <= total; n++)
        {
            var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments($"crash-{n:00}"), CancellationToken.None));
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
            app.Probe.CrashAfter(draft.Id, n);
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
            crashed.Add((draft.Id, n));
        }

        foreach (var (id, after) in crashed)
        {
            var view = await WaitReadyAsync(id);
            app.AssertSeedResourcesOnce(view);
            // After the last cut point nothing is left to redo but the finish.
            Assert.True(app.Probe.Transitions(id) > after || after == total, $"crash after {after}: only {app.Probe.Transitions(id)} transitions");
            var job = Assert.Single(await app.JobsOfAsync(id));
            Assert.Equal((JobState.Succeeded, 2), (job.State, job.Attempts));
            var events = await app.WithAsync<EnvironmentQueries, IReadOnlyList<Kund.Infrastructure.Progress.ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));
            Assert.Contains(events, e => e.Message == "Provisioning resumed (attempt 2)");
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        }

        // Seventy-odd environments wrote their audit rows at the same time: the chain still holds.
        var verification = await app.WithAsync<AuditVerifier, Kund.Domain.Audit.AuditVerification>(v => v.VerifyAsync(CancellationToken.None));
        Assert.True(verification.Valid, $"chain broken at {verification.FirstBrokenId}");
    }

    [Fact]
    public async Task Destroy_CrashMidway_ResumesToDestroyedWithNothingLeft()
    {
        var id = await app.ApproveAsync("crash-destroy");
        await WaitReadyAsync(id);
        var before = app.Probe.Transitions(id);
        app.Probe.CrashAfter(id, before + 10);

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);

        Assert.True(view.Status == EnvironmentStatus.Destroyed, $"{view.Status}: {view.FailureReason}");
        Assert.All(view.Resources, r => Assert.Equal(ResourceState.Deleted, r.State));
        Assert.True(app.Probe.Transitions(id) > before + 10);
        var left = app.Cloud().Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString()).ToList();
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        var destroyJob = (await app.JobsOfAsync(id)).Last();
        Assert.Equal((JobKind.Destroy, JobState.Succeeded, 2), (destroyJob.Kind, destroyJob.State, destroyJob.Attempts));
    }

    private async Task<EnvironmentView> WaitReadyAsync(Guid id)
    {
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        return view;
    }
}
