using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Web.Api;

/// <summary>
/// An environment whose <c>expiresAt</c> has passed is destroyed by the expiry pass. The spec refuses an
/// expiry in the past, so the environment is created with a valid one and the pass runs on a clock moved
/// past it; everything else runs on the host's real clock.
/// </summary>
public class ExpiryApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task ExpireDue_ReadyEnvironmentPastItsExpiry_DestroyedWithExpiredInAudit()
    {
        var now = DateTimeOffset.UtcNow;
        var expiring = await ReadyAsync("expiring", now.AddHours(1));
        var lasting = await ReadyAsync("lasting", now.AddDays(2));

        var later = new FakeTimeProvider(now.AddHours(2));
        var expiry = new ExpiryService(app.Services.GetRequiredService<IServiceScopeFactory>(), later, NullLogger<ExpiryService>.Instance);
        Assert.Equal(1, await expiry.ExpireDueAsync(CancellationToken.None));
        Assert.Equal(0, await expiry.ExpireDueAsync(CancellationToken.None));

        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var destroyed = await dave.WaitForStatusAsync(expiring, "Destroyed", "Failed");
        Assert.Equal("Destroyed", (string)destroyed["status"]!);
        Assert.Equal("Ready", (string)(await dave.GetObjectAsync($"/api/environments/{lasting}"))["status"]!);

        var history = (await dave.GetObjectAsync($"/api/audit?environmentId={expiring}&action=environment.expired"))["items"]!.AsArray();
        var expired = Assert.Single(history);
        Assert.Equal("system", (string)expired!["actor"]!);
        var left = app.Services.GetRequiredService<Kund.Infrastructure.Sandbox.SandboxCloud>().Inventory()
            .Where(i => i.Tags.GetValueOrDefault("kund:environment") == expiring.ToString());
        Assert.All(left, i => Assert.Equal("deleted", i.State));
    }

    [Fact]
    public async Task ExpireDue_DeletionProtectionOn_NotDestroyedAndTheTeamToldWhyOnce()
    {
        var now = DateTimeOffset.UtcNow;
        var protectedId = await ReadyAsync("expiring-protected", now.AddHours(1), deletionProtection: true);

        var later = new FakeTimeProvider(now.AddHours(2));
        var expiry = new ExpiryService(app.Services.GetRequiredService<IServiceScopeFactory>(), later, NullLogger<ExpiryService>.Instance);
        Assert.Equal(0, await expiry.ExpireDueAsync(CancellationToken.None));
        Assert.Equal(0, await expiry.ExpireDueAsync(CancellationToken.None));

        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        Assert.Equal("Ready", (string)(await alice.GetObjectAsync($"/api/environments/{protectedId}"))["status"]!);
        Assert.Single(await app.JobsOfAsync(protectedId));
        var blocked = Assert.Single((await alice.GetObjectAsync($"/api/audit?environmentId={protectedId}&action=environment.expiry-blocked"))["items"]!.AsArray());
        Assert.Equal("system", (string)blocked!["actor"]!);
        Assert.Empty((await alice.GetObjectAsync($"/api/audit?environmentId={protectedId}&action=environment.expired"))["items"]!.AsArray());
        var told = Assert.Single((await alice.GetObjectAsync($"/api/environments/{protectedId}/events"))["items"]!.AsArray(), e => ((string)e!["message"]!).StartsWith("Expired, but not destroyed", StringComparison.Ordinal));
        Assert.Contains("deletion protection on", (string)told!["message"]!, StringComparison.Ordinal);
    }

    private async Task<Guid> ReadyAsync(string name, DateTimeOffset expiresAt, bool deletionProtection = false)
    {
        var spec = SeedSpecs.Payments(name) with { ExpiresAt = expiresAt };
        spec = deletionProtection ? spec with { Cluster = spec.Cluster! with { DeletionProtection = true } } : spec;
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var view = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, view.Status);
        return draft.Id;
    }
}
