using System.Net;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>A cluster with deletion protection: a destroy is refused with how to lift it, unless the person confirms.</summary>
public class DeletionProtectionApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Destroy_ProtectedCluster_RefusedUntilConfirmedThenProtectionOffFirstAndNothingLeft()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var seed = SeedSpecs.Payments("guarded");
        var spec = seed with { Cluster = seed.Cluster! with { DeletionProtection = true } };
        var id = Guid.Parse((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(spec), 201))["id"]!);
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{"comment":"ok"}"""), 200);
        var ready = await alice.WaitForStatusAsync(id, "Ready", "Failed");
        Assert.Equal("Ready", (string)ready["status"]!);
        var eks = app.Services.GetRequiredService<AwsClients>().Eks("ap-northeast-2");
        Assert.True((await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = "guarded" })).Cluster.DeletionProtection);

        using var refused = await alice.PostAsync($"/api/environments/{id}/destroy", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("deletion protection on", problem, StringComparison.Ordinal);
        Assert.Contains("turnOffDeletionProtection=true", problem, StringComparison.Ordinal);
        Assert.Equal("Ready", (string)(await alice.GetObjectAsync($"/api/environments/{id}"))["status"]!);

        using var garbled = await alice.PostAsync($"/api/environments/{id}/destroy?turnOffDeletionProtection=yes", null);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Contains("\"turnOffDeletionProtection\"", await garbled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var destroying = await alice.PostAsync($"/api/environments/{id}/destroy?turnOffDeletionProtection=true", null, 200);
        Assert.False((bool)destroying["spec"]!["cluster"]!["deletionProtection"]!);
        var destroyed = await alice.WaitForStatusAsync(id, "Destroyed", "Failed");
        Assert.Equal("Destroyed", (string)destroyed["status"]!);
        var cloud = app.Services.GetRequiredService<SandboxCloud>();
        Assert.DoesNotContain(cloud.Inventory(), i => i.Id == "guarded" || i.Id.StartsWith("guarded/", StringComparison.Ordinal));
        var audit = (await alice.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.destroy-requested"))["items"]!.ToJsonString();
        Assert.Contains("turned off first, as confirmed", audit, StringComparison.Ordinal);
    }
}
