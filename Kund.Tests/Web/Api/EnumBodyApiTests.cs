using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>An enum in a body is exactly one of its names: a flag list is a 400 by path, never a stored value no member has.</summary>
public class EnumBodyApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Theory]
    [InlineData("routing", "natGateways", "single, perAz", "routing.natGateways")]
    [InlineData("routing", "natGateways", "single,perAz", "routing.natGateways")]
    [InlineData("vpc", "tenancy", "default, dedicated", "vpc.tenancy")]
    [InlineData(null, "purpose", "dev, prod", "purpose")]
    [InlineData(null, "purpose", "3", "purpose")]
    public async Task Post_EnumAsList_400ByPathNamingTheValue(string? parent, string property, string value, string path)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = ApiClient.SpecNode($"enum-{Math.Abs(value.GetHashCode(StringComparison.Ordinal)) % 100000}");
        (parent is null ? spec : spec[parent]!.AsObject())[property] = value;

        foreach (var route in new[] { "/api/environments/validate", "/api/environments" })
        {
            using var response = await alice.PostAsync(route, ApiClient.Json(spec.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
            var problem = await response.ReadObjectAsync();
            var messages = problem["errors"]![path]!.AsArray().Select(m => (string)m!).ToList();
            Assert.Contains(messages, m => m.Contains($"'{value}'", StringComparison.Ordinal));
        }

        var list = await alice.GetAsync("/api/environments");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}
