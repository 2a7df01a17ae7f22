using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Issue 11.8: a verify starts from the newest checkpoint that holds and signs a new one.</summary>
public class AuditIncrementalVerifyApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Verify_Twice_SecondWalksOnlyTheRowsAfterTheCheckpoint()
    {
        await LifecycleAsync("audit-incremental");
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var first = await dave.GetObjectAsync("/api/audit/verify");
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("audit-one-more"), CancellationToken.None));

        var second = await dave.GetObjectAsync("/api/audit/verify");

        Assert.True((bool)second["valid"]!, (string?)second["reason"]);
        Assert.Equal((long)first["checkpoint"]!["id"]!, (long)second["fromCheckpointId"]!);
        Assert.Equal(1L, (long)second["walked"]!);
        Assert.Equal((long)first["checked"]! + 1, (long)second["checked"]!);
    }

    private async Task LifecycleAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "fine", CancellationToken.None));
        await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready);
    }
}
