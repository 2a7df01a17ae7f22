using System.Net;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>An environment the cloud refuses to finish: Failed, then retried to Ready or destroyed to nothing.</summary>
public class FailedEnvironmentApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly OperationFault Denied = new(ErrorRate: 1, Code: "AccessDeniedException", Status: HttpStatusCode.Forbidden, Message: "Kund may not create clusters here.");

    [Fact]
    public async Task Retry_FailedAtCluster_ResumesToReadyWithEachResourceOnce()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = await FailedAsync(alice, "retried");

        Cloud.Faults.Clear("CreateCluster");
        var retried = await alice.PostAsync($"/api/environments/{id}/retry", null, 200);
        Assert.Equal("Provisioning", (string)retried["status"]!);
        var ready = await alice.WaitForStatusAsync(id, "Ready", "Failed");

        Assert.Equal("Ready", (string)ready["status"]!);
        var byKey = Cloud.Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString())
            .GroupBy(i => i.Tags["kund:resource"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(19, byKey.Count);
        Assert.All(byKey, pair => Assert.Equal(1, pair.Value));
        Assert.All(ready["resources"]!.AsArray(), r => Assert.Equal("Created", (string)r!["state"]!));
    }

    [Fact]
    public async Task Destroy_FailedAtCluster_DestroyedWithNothingLeft()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = await FailedAsync(alice, "abandoned");
        Cloud.Faults.Clear("CreateCluster");

        await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
        var destroyed = await alice.WaitForStatusAsync(id, "Destroyed", "Failed");

        Assert.Equal("Destroyed", (string)destroyed["status"]!);
        var left = Cloud.Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString());
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        Assert.DoesNotContain(Cloud.Inventory(), i => i.Kind == ResourceKind.ElasticIp && i.Tags.GetValueOrDefault("kund:environment") == id.ToString());
    }

    private SandboxCloud Cloud => app.Services.GetRequiredService<SandboxCloud>();

    private async Task<Guid> FailedAsync(HttpClient alice, string name)
    {
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        Cloud.Faults.Set("CreateCluster", Denied);
        var id = Guid.Parse((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments(name)), 201))["id"]!);
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        await carol.PostAsync($"/api/environments/{id}/approve", null, 200);

        var failed = await alice.WaitForStatusAsync(id, "Failed", "Ready");
        Assert.Equal("Failed", (string)failed["status"]!);
        var cluster = failed["resources"]!.AsArray().Single(r => (string)r!["key"]! == "eks")!;
        Assert.Equal("Failed", (string)cluster["state"]!);
        Assert.Contains("Kund may not create clusters here.", (string)cluster["error"]!, StringComparison.Ordinal);
        return id;
    }
}
