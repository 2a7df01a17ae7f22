using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Support;
using Xunit.Abstractions;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// The destroy of the seed environment stopped between any two of its committed transitions — the sweeps of
/// what Kubernetes left, add-ons, access entry, node group, cluster, both roles and their policies, the
/// network and the closing check — and resumed by the next lease: Destroyed, nothing of it left in the cloud.
/// </summary>
public class DestroyCrashResumeTests(CrashingWorkerApp app, ITestOutputHelper output) : IClassFixture<CrashingWorkerApp>
{
    [Fact]
    public async Task Destroy_CrashAfterEveryTransition_ResumesToDestroyedWithNothingLeft()
    {
        // An uninterrupted destroy tells how many cut points there are.
        var baseline = await ReadyAsync("destroy-crash-baseline");
        var created = app.Probe.Transitions(baseline);
        await DestroyAsync(baseline);
        AssertNothingLeft(await DestroyedAsync(baseline));
        var total = app.Probe.Transitions(baseline) - created;
        Assert.True(total >= 46, $"expected at least two transitions per node of the destroy, saw {total}");
        output.WriteLine($"{total} cut points in the destroy of the seed environment");

        var environments = new List<Guid>();
        for (var n = 1; n <= total; n++)
        {
            environments.Add(await app.ApproveAsync($"destroy-crash-{n:00}"));
        }

        var crashed = new List<(Guid Id, int After, int Before)>();
        foreach (var (id, n) in environments.Select((id, i) => (id, i + 1)))
        {
            await WaitReadyAsync(id);
            var before = app.Probe.Transitions(id);
            app.Probe.CrashAfter(id, before + n);
            await DestroyAsync(id);
            crashed.Add((id, n, before));
        }

        foreach (var (id, after, before) in crashed)
        {
            var view = await DestroyedAsync(id);
            AssertNothingLeft(view);
            // After the last cut point nothing is left to redo but the finish.
            Assert.True(app.Probe.Transitions(id) - before > after || after == total, $"crash after {after}: only {app.Probe.Transitions(id) - before} transitions");
            var destroy = (await app.JobsOfAsync(id)).Last();
            Assert.Equal((JobKind.Destroy, JobState.Succeeded, 2), (destroy.Kind, destroy.State, destroy.Attempts));
        }
    }

    private async Task<Guid> ReadyAsync(string name)
    {
        var id = await app.ApproveAsync(name);
        await WaitReadyAsync(id);
        return id;
    }

    private async Task WaitReadyAsync(Guid id)
    {
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
    }

    private Task<TeamEnvironment> DestroyAsync(Guid id) =>
        app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));

    private async Task<EnvironmentView> DestroyedAsync(Guid id)
    {
        var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Destroyed, $"{view.Status}: {view.FailureReason}");
        return view;
    }

    /// <summary>Every record deleted, and in the cloud only the deleted NAT gateway AWS keeps listing for a while.</summary>
    private void AssertNothingLeft(EnvironmentView view)
    {
        Assert.All(view.Resources, r => Assert.Equal(ResourceState.Deleted, r.State));
        var left = app.Cloud().Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == view.Id.ToString()).ToList();
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
    }
}
