using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>
/// Cluster names are unique per AWS account and region and role names per account, whichever team asks:
/// a name another team's live environment holds is refused at validation, by path, without naming the team.
/// </summary>
public class ClaimedNamesApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Create_SameNameAsAnotherTeamsLiveEnvironment_400AtClusterAndRoleNameSayingTaken()
    {
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        await bob.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("claimed-both", team: "team-b")), 201);

        using var response = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("claimed-both", team: "team-a")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var errors = System.Text.Json.Nodes.JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.Contains("taken", (string)errors["cluster.name"]![0]!, StringComparison.Ordinal);
        Assert.Contains("taken", (string)errors["clusterRole.name"]![0]!, StringComparison.Ordinal);
        Assert.DoesNotContain("team-b", body, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_OnlyRoleNameTaken_400AtClusterRoleNameAlone()
    {
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        await bob.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("claimed-role", team: "team-b")), 201);
        var spec = SeedSpecs.Payments("claimed-role-2", team: "team-a") with
        {
            ClusterRole = new Kund.Domain.Specs.ClusterRoleSpec { Create = true, Name = "CLAIMED-ROLE-eks-cluster" },
        };

        using var response = await alice.PostAsync("/api/environments", ApiClient.Spec(spec));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["clusterRole.name"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Create_NameOfACancelledEnvironment_IsFreeAgain()
    {
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = (string)(await bob.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("claimed-freed", team: "team-b")), 201))["id"]!;
        await bob.PostAsync($"/api/environments/{id}/cancel", null, 200);

        await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("claimed-freed", team: "team-a")), 201);
    }
}
