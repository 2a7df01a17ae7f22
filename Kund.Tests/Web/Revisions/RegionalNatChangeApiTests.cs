using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Revisions;

/// <summary>
/// A running environment moved from a single zonal NAT gateway to a regional one over the API, in the
/// sandbox by the real worker: the plan adds the regional gateway, repoints the private route table and
/// removes the zonal gateway and its address; rolled back, the regional gateway goes and the addresses AWS
/// held for it with it.
/// </summary>
public class RegionalNatChangeApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Approve_SingleToRegionalNat_ReadyWithOneRegionalGatewayAndRollbackRestoresTheZonalOne()
    {
        using var alice = await app.ClientAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientAsync(IdentityTestSupport.Carol);
        var spec = SeedSpecs.Payments("regional-nat");
        var id = await app.ReadyOverApiAsync(alice, carol, spec);
        var before = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready);
        var zonal = Assert.Single(await app.AssertPrivateRoutesAsync(before, perZone: false));
        var zonalAddress = Assert.Single(zonal.NatGatewayAddresses).AllocationId;

        var regionalSpec = spec with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.Regional } };
        using var proposed = await alice.PostAsync($"/api/environments/{id}/revisions", ChangeRuns.Json(new { spec = regionalSpec, comment = "regional NAT" }));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var plan = await alice.GetFromJsonAsync<JsonElement>($"/api/environments/{id}/revisions/2/plan");
        Assert.Equal((1, 1, 2), (plan.GetProperty("summary").GetProperty("add").GetInt32(), plan.GetProperty("summary").GetProperty("change").GetInt32(), plan.GetProperty("summary").GetProperty("destroy").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsJsonAsync($"/api/environments/{id}/revisions/2/approve", new { comment = "go" })).StatusCode);

        var view = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
        Assert.Equal(NatGatewayMode.Regional, view.Spec.Routing!.NatGateways);
        var regional = Assert.Single(await app.AssertPrivateRoutesAsync(view, perZone: false));
        Assert.Equal(AvailabilityMode.Regional, regional.AvailabilityMode);
        Assert.Null(regional.SubnetId);
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b"], regional.NatGatewayAddresses.Select(a => a.AvailabilityZone).Order(StringComparer.Ordinal));
        Assert.Contains(view.Resources, r => r.Key == ResourceKeys.RegionalNatGateway && r.State == ResourceState.Created);
        Assert.DoesNotContain(view.Resources, r => r.Key.StartsWith("eip/", StringComparison.Ordinal) || r.Key == ResourceKeys.NatGateway("ap-northeast-2a"));
        var inventory = app.Cloud().Inventory();
        Assert.Equal("deleted", inventory.Single(i => i.Id == zonal.NatGatewayId).State);
        Assert.DoesNotContain(inventory, i => i.Id == zonalAddress);
        Assert.All(app.CloudResourcesByKey(id), pair => Assert.True(pair.Value == 1, $"{pair.Key} exists {pair.Value} times in the cloud"));

        // Back to revision 1: a zonal gateway with an address of Kund's again; the regional one's addresses are AWS's to release.
        var regionalAddresses = regional.NatGatewayAddresses.Select(a => a.AllocationId).ToList();
        using var rollback = await alice.PostAsync($"/api/environments/{id}/revisions", ChangeRuns.Json(new { rollbackTo = 1 }));
        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/environments/{id}/revisions/3/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/environments/{id}/revisions/3/approve", null)).StatusCode);

        var rolledBack = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(rolledBack.Status == EnvironmentStatus.Ready, $"{rolledBack.Status}: {rolledBack.FailureReason}");
        var zonalAgain = Assert.Single(await app.AssertPrivateRoutesAsync(rolledBack, perZone: false));
        Assert.Equal(AvailabilityMode.Zonal, zonalAgain.AvailabilityMode);
        Assert.Equal(before.Resources.Select(r => r.Key).Order(StringComparer.Ordinal), rolledBack.Resources.Select(r => r.Key).Order(StringComparer.Ordinal));
        var addresses = (await app.Services.GetRequiredService<AwsClients>().Ec2(spec.Region!).DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses ?? [];
        Assert.DoesNotContain(addresses, a => regionalAddresses.Contains(a.AllocationId));
    }
}
