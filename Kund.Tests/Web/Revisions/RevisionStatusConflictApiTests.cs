using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Jobs;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Revisions;

/// <summary>
/// A change proposed while the environment is being made, being destroyed or gone is a 409 that names the
/// status, and stores no revision. The host's own worker is off, so each status holds while it is asked.
/// </summary>
public class RevisionStatusConflictApiTests(ManualWorkerApp app) : IClassFixture<ManualWorkerApp>
{
    [Fact]
    public async Task Propose_WhileProvisioning_409NamingTheStatus()
    {
        // A node runs the create until it dies half-way and no other worker is alive: Provisioning it stays.
        var spec = SeedSpecs.Payments("propose-provisioning");
        var id = await app.ApproveAsync(spec);
        var probe = new CrashProbe();
        probe.CrashAfter(id, 6);
        var lease = await JobQueue.TryLeaseAsync(app.DataSource(), "dying-node", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.NotNull(lease);
        await app.CreateRunner(ProvisioningHarness.Fast(), probe).RunAsync(lease, CancellationToken.None);
        Assert.Equal(EnvironmentStatus.Provisioning, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Provisioning)).Status);

        await AssertRefusedAsync(id, spec, "Provisioning");
        Assert.Equal(EnvironmentStatus.Provisioning, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Provisioning)).Status);

        // Stopped, so that the worker another test starts fails it at once instead of resuming the create beside its own.
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Propose_WhileDestroying_409NamingTheStatus()
    {
        var spec = SeedSpecs.Payments("propose-destroying");
        var id = await ReadyAsync(spec);
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/destroy", null)).StatusCode);
        Assert.Equal(EnvironmentStatus.Destroying, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Destroying)).Status);

        await AssertRefusedAsync(id, spec, "Destroying");

        // Refused, not queued: the destroy then runs to its end with no change after it.
        var worker = app.StartWorker();
        try
        {
            Assert.Equal(EnvironmentStatus.Destroyed, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed)).Status);
        }
        finally
        {
            await worker.StopAsync();
        }

        Assert.DoesNotContain(await app.JobsOfAsync(id), j => j.Kind == JobKind.Change);
    }

    [Fact]
    public async Task Propose_OnADestroyedEnvironment_409NamingTheStatus()
    {
        var spec = SeedSpecs.Payments("propose-destroyed");
        var id = await ReadyAsync(spec);
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);
        var worker = app.StartWorker();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/destroy", null)).StatusCode);
            Assert.Equal(EnvironmentStatus.Destroyed, (await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed)).Status);
        }
        finally
        {
            await worker.StopAsync();
        }

        await AssertRefusedAsync(id, spec, "Destroyed");

        // Nor by rolling back to the spec it was made with.
        using var rollback = await alice.PostAsync($"/api/environments/{id}/revisions", ChangeRuns.Json(new { rollbackTo = 1 }));
        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Equal("Destroyed", (await rollback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentStatus").GetString());
    }

    /// <summary>Alice proposes one NAT gateway per zone: 409 naming <paramref name="status"/>, and no revision 2.</summary>
    private async Task AssertRefusedAsync(Guid id, EnvironmentSpec spec, string status)
    {
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);

        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", ChangeRuns.Json(new { spec = ChangeRuns.PerAz(spec), comment = "one NAT per zone" }));

        Assert.Equal(HttpStatusCode.Conflict, proposed.StatusCode);
        Assert.Equal("application/problem+json", proposed.Content.Headers.ContentType?.MediaType);
        var problem = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("currentStatus").GetString());
        Assert.Contains($"it is {status}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var allowed = problem.GetProperty("allowedFrom").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("Ready", allowed);
        Assert.DoesNotContain(status, allowed);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/environments/{id}/revisions/2")).StatusCode);
    }

    /// <summary>Approved and made Ready by a worker started for it, which is stopped again: nothing runs afterwards unless a test starts it.</summary>
    private async Task<Guid> ReadyAsync(EnvironmentSpec spec)
    {
        var id = await app.ApproveAsync(spec);
        var worker = app.StartWorker();
        try
        {
            var view = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
            Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        }
        finally
        {
            await worker.StopAsync();
        }

        return id;
    }
}
