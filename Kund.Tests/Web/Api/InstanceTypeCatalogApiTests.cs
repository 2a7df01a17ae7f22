using System.Net;
using System.Text.Json.Nodes;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Instance types are checked against what the region offers, as the cloud catalog reports it (DescribeInstanceTypeOfferings).</summary>
public class InstanceTypeCatalogApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Path = "cluster.compute.nodeGroups[0].instanceTypes[1]";

    [Fact]
    public async Task Validate_TypeTheRegionDoesNotOffer_ErrorAtItsPathNamingTypeAndRegion_AndCreateIs400()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = WithTypes(ApiClient.SpecNode("not-offered"), "m6i.large", "m7a.large");

        var check = await alice.PostAsync("/api/environments/validate", ApiClient.Json(spec.ToJsonString()), 200);
        using var created = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()));

        Assert.False((bool)check["valid"]!);
        var message = (string)Assert.Single(check["errors"]![Path]!.AsArray())!;
        Assert.StartsWith("m7a.large is not offered in ap-northeast-2", message, StringComparison.Ordinal);
        Assert.Null(check["errors"]!["cluster.compute.nodeGroups[0].instanceTypes[0]"]);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        var problem = await created.ReadObjectAsync();
        Assert.Contains("m7a.large is not offered in ap-northeast-2", (string)problem["errors"]![Path]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TypesTheRegionOffers_NoErrorAtTheirPaths()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = WithTypes(ApiClient.SpecNode("offered"), "m6i.large", "t3.large");

        var check = await alice.PostAsync("/api/environments/validate", ApiClient.Json(spec.ToJsonString()), 200);

        Assert.True((bool)check["valid"]!, check.ToJsonString());
        Assert.Equal(["m6i.large", "t3.large"], check["spec"]!["cluster"]!["compute"]!["nodeGroups"]![0]!["instanceTypes"]!.AsArray().Select(t => (string)t!));
    }

    private static JsonObject WithTypes(JsonObject spec, params string[] types)
    {
        spec["cluster"]!["compute"] = new JsonObject
        {
            ["mode"] = "managedNodes",
            ["nodeGroups"] = new JsonArray(new JsonObject
            {
                ["name"] = "general",
                ["instanceTypes"] = new JsonArray([.. types.Select(t => JsonValue.Create(t))]),
                ["minSize"] = 1,
                ["desiredSize"] = 2,
                ["maxSize"] = 3,
            }),
        };
        return spec;
    }
}
