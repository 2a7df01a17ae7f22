using Kund.Domain.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>A host whose drift monitor polls often, so a check asked for over the API finishes within a test.</summary>
public class FastDriftApp : KundAppFactory
{
    public FastDriftApp() => Settings["Kund:Drift:PollInterval"] = "00:00:00.200";
}

/// <summary><c>POST /api/environments/{id}/drift-checks</c> and <c>GET …/drift</c> with the monitor running.</summary>
public class DriftApiTests(FastDriftApp app) : IClassFixture<FastDriftApp>
{
    [Fact]
    public async Task DriftChecks_ReadyEnvironment_Accepted202ThenInSyncInTheViewAndTheDrift()
    {
        var id = await app.ApproveAsync("drift-api");
        await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        Assert.Equal("Unknown", (string)(await alice.GetObjectAsync($"/api/environments/{id}"))["drift"]!);

        var accepted = await alice.PostAsync($"/api/environments/{id}/drift-checks", null, 202);
        Assert.Equal("Checking", (string)accepted["status"]!);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var drift = await alice.GetObjectAsync($"/api/environments/{id}/drift");
        while ((string)drift["status"]! == "Checking")
        {
            Assert.False(patience.IsCancellationRequested, $"still checking: {drift}");
            await Task.Delay(100, CancellationToken.None);
            drift = await alice.GetObjectAsync($"/api/environments/{id}/drift");
        }

        Assert.True((string)drift["status"]! == "InSync", drift.ToJsonString());
        Assert.NotNull(drift["checkedAt"]);
        Assert.Empty(drift["items"]!.AsArray());
        Assert.Empty(drift["unmanaged"]!.AsArray());
        Assert.Equal("InSync", (string)(await alice.GetObjectAsync($"/api/environments/{id}"))["drift"]!);
    }

    [Fact]
    public async Task DriftChecks_Draft_409NamingBothStatuses()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("drift-draft-api")), 201);
        var id = (string)draft["id"]!;

        var refused = await alice.PostAsync($"/api/environments/{id}/drift-checks", null, 409);

        Assert.Equal("Draft", (string)refused["currentStatus"]!);
        Assert.Contains("Ready", (string)refused["detail"]!, StringComparison.Ordinal);
        var drift = await alice.GetObjectAsync($"/api/environments/{id}/drift");
        Assert.Equal("Unknown", (string)drift["status"]!);
        Assert.Null(drift["checkedAt"]);
    }
}
