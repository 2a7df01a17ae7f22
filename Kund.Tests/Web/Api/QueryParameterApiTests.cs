using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Query parameters are read like bodies: a 400 keyed by the parameter's name, naming the value, before any query runs.</summary>
public class QueryParameterApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    /// <summary>78 characters: longer than any team name the teams table stores.</summary>
    private const string LongTeam = "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt";

    [Theory]
    [InlineData("/api/environments?team=%00", "team")]
    [InlineData("/api/environments?status=Draft&team=a%00b", "team")]
    [InlineData("/api/resources?team=%00", "team")]
    [InlineData("/api/audit?team=%00", "team")]
    [InlineData("/api/audit?actor=alice%00", "actor")]
    [InlineData("/api/audit?action=%00", "action")]
    [InlineData("/api/audit/export?team=%00", "team")]
    [InlineData("/api/audit/export?actor=%00x", "actor")]
    [InlineData("/api/environments?team=" + LongTeam, "team")]
    [InlineData("/api/audit/export?team=" + LongTeam, "team")]
    public async Task Get_BadFilter_400ByParameterBeforeAnyByte(string path, string parameter)
    {
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);

        using var response = await dave.GetAsync(path);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadObjectAsync();
        Assert.NotEmpty(problem["errors"]![parameter]!.AsArray());
    }

    [Fact]
    public async Task Export_NulInFilter_ValueNamedInTheMessage()
    {
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);

        using var response = await dave.GetAsync("/api/audit/export?team=ab%00cd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)(await response.ReadObjectAsync())["errors"]!["team"]![0]!;
        Assert.Contains("'ab\\u0000cd'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_StatusCommaList_MeansEither()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("status-draft")), 201);
        var pending = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("status-pending")), 201);
        await alice.PostAsync($"/api/environments/{pending["id"]}/submit", null, 200);

        var both = await NamesAsync(alice, "/api/environments?status=Draft,PendingApproval&limit=200");
        var drafts = await NamesAsync(alice, "/api/environments?status=Draft&limit=200");
        var spaced = await NamesAsync(alice, "/api/environments?status=pendingApproval%2C%20draft&limit=200");

        Assert.Contains("status-draft", both);
        Assert.Contains("status-pending", both);
        Assert.Contains("status-draft", drafts);
        Assert.DoesNotContain("status-pending", drafts);
        Assert.Equal(both.Order(), spaced.Order());
        Assert.NotNull(draft["id"]);
    }

    [Theory]
    [InlineData("/api/environments?status=Draft,Nope", "status", "'Nope'")]
    [InlineData("/api/environments?status=3", "status", "'3'")]
    [InlineData("/api/environments?status=Draft,", "status", "''")]
    [InlineData("/api/resources?kind=Vpc,Subnet", "kind", "'Vpc,Subnet'")]
    [InlineData("/api/resources?state=1", "state", "'1'")]
    public async Task List_UnknownEnumName_400NamingIt(string path, string parameter, string named)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)(await response.ReadObjectAsync())["errors"]![parameter]![0]!;
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string path) =>
        [.. (await client.GetObjectAsync(path))["items"]!.AsArray().Select(e => (string)e!["name"]!)];
}
