using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>
/// The per-region VPC and Elastic IP quotas (the sandbox's 5 and 5, as AWS's defaults) belong to the account:
/// every team's live environments count, a request past one is a 400 at its field, and <c>/api/quotas</c> shows the usage.
/// </summary>
public class AccountQuotaApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Create_SixthVpcInRegionAcrossTeams_BadRequestAtVpcNamingQuotaAndUsage()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        for (var i = 0; i < 4; i++)
        {
            await SubmitAsync(i % 2 == 0 ? alice : bob, Spec($"vpc-q{i}", i % 2 == 0 ? "team-a" : "team-b", "ap-northeast-2", NatGatewayMode.Single));
        }

        // A draft holds nothing: the fifth is fine to write and to submit.
        await SubmitAsync(alice, Spec("vpc-q4", "team-a", "ap-northeast-2", NatGatewayMode.None));

        var problem = await alice.PostAsync("/api/environments", ApiClient.Spec(Spec("vpc-q5", "team-a", "ap-northeast-2", NatGatewayMode.None)), 400);

        var errors = problem["errors"]!.AsObject();
        var message = (string)errors["vpc"]![0]!;
        Assert.Contains("quota of 5 VPCs", message, StringComparison.Ordinal);
        Assert.Contains("hold 5", message, StringComparison.Ordinal);
        var usage = await alice.GetObjectAsync("/api/quotas?region=ap-northeast-2");
        Assert.Equal(5, (int)usage["vpcs"]!["used"]!);
        Assert.Equal(5, (int)usage["vpcs"]!["limit"]!);
        Assert.Equal(4, (int)usage["elasticIps"]!["used"]!);
    }

    [Fact]
    public async Task Create_PerAzNatPastElasticIpQuota_BadRequestAtNatGateways_SingleStillFits()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        await SubmitAsync(alice, Spec("eip-q0", "team-a", "eu-west-1", NatGatewayMode.PerAz));
        await SubmitAsync(bob, Spec("eip-q1", "team-b", "eu-west-1", NatGatewayMode.PerAz));

        var problem = await alice.PostAsync("/api/environments", ApiClient.Spec(Spec("eip-q2", "team-a", "eu-west-1", NatGatewayMode.PerAz)), 400);

        var message = (string)problem["errors"]!.AsObject()[SpecPaths.RoutingNatGateways]![0]!;
        Assert.Contains("quota of 5 Elastic IPs", message, StringComparison.Ordinal);
        Assert.Contains("hold 4", message, StringComparison.Ordinal);
        Assert.Contains("needs 2 more", message, StringComparison.Ordinal);
        await alice.PostAsync("/api/environments", ApiClient.Spec(Spec("eip-q3", "team-a", "eu-west-1", NatGatewayMode.Single)), 201);
    }

    [Fact]
    public async Task Submit_DraftWrittenWhileThereWasRoom_BadRequestAtVpcOnceTheRegionIsFull()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var drafts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            drafts.Add((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(Spec($"sub-q{i}", "team-a", "us-east-1", NatGatewayMode.None)), 201))["id"]!);
        }

        foreach (var id in drafts.Take(5))
        {
            await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        }

        var problem = await alice.PostAsync($"/api/environments/{drafts[5]}/submit", null, 400);

        Assert.Contains("quota of 5 VPCs", (string)problem["errors"]!["vpc"]![0]!, StringComparison.Ordinal);
        Assert.Equal("Draft", (string)(await alice.GetObjectAsync($"/api/environments/{drafts[5]}"))["status"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mars-north-1")]
    public async Task Quotas_NoOrUnknownRegion_BadRequestNamingRegion(string region)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/quotas?region={region}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("region", (await response.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    private static async Task SubmitAsync(HttpClient client, EnvironmentSpec spec)
    {
        var id = (string)(await client.PostAsync("/api/environments", ApiClient.Spec(spec), 201))["id"]!;
        await client.PostAsync($"/api/environments/{id}/submit", null, 200);
    }

    private static EnvironmentSpec Spec(string name, string team, string region, NatGatewayMode nat)
    {
        var seed = SeedSpecs.Payments(name, team);
        return seed with
        {
            Region = region,
            Subnets = [.. seed.Subnets!.Select(s => s with { AvailabilityZone = region + s.AvailabilityZone[^1] })],
            Routing = seed.Routing! with { NatGateways = nat },

            // Without a NAT gateway the private subnets have no way out, so no nodes: the quotas are the point here.
            Cluster = nat == NatGatewayMode.None ? seed.Cluster! with { Compute = new ComputeSpec { Mode = ComputeMode.None } } : seed.Cluster,
        };
    }
}
