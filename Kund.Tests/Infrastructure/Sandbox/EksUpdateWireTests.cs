using System.Net;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Sandbox.Persistence;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>EKS's in-place operations on the wire, in fake time at AWS's own durations: states, durations and errors.</summary>
public sealed class EksUpdateWireTests : IDisposable
{
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Region = SandboxHarness.Region;

    private readonly InMemorySandboxStateStore _store = new();
    private readonly SandboxHarness _sandbox;

    public EksUpdateWireTests() => _sandbox = new SandboxHarness(store: _store);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task UpdateClusterVersion_InProgressAboutEightMinutes_ClusterUpdatingAtTheOldVersionThenActiveAtTheNew()
    {
        await ActiveClusterAsync();

        var started = await Ok(await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/updates", """{"version":"1.35"}"""));
        var id = started["update"]!["id"]!.GetValue<string>();
        _sandbox.Advance(TimeSpan.FromMinutes(7.5));
        var during = await Ok(await _sandbox.Eks(HttpMethod.Get, $"/clusters/c1/updates/{id}"));
        var clusterDuring = (await Ok(await _sandbox.Eks(HttpMethod.Get, "/clusters/c1")))["cluster"]!;
        _sandbox.Advance(TimeSpan.FromMinutes(0.5));
        var after = await Ok(await _sandbox.Eks(HttpMethod.Get, $"/clusters/c1/updates/{id}"));
        var clusterAfter = (await Ok(await _sandbox.Eks(HttpMethod.Get, "/clusters/c1")))["cluster"]!;

        Assert.Equal("InProgress", started["update"]!["status"]!.GetValue<string>());
        Assert.Equal("VersionUpdate", started["update"]!["type"]!.GetValue<string>());
        Assert.Contains(started["update"]!["params"]!.AsArray(), p => p!["type"]!.GetValue<string>() == "Version" && p["value"]!.GetValue<string>() == "1.35");
        Assert.Equal("InProgress", during["update"]!["status"]!.GetValue<string>());
        Assert.Equal("UPDATING", clusterDuring["status"]!.GetValue<string>());
        Assert.Equal("1.34", clusterDuring["version"]!.GetValue<string>());
        Assert.Equal("Successful", after["update"]!["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", clusterAfter["status"]!.GetValue<string>());
        Assert.Equal("1.35", clusterAfter["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecondUpdateWhileOneIsInProgress_ResourceInUseException()
    {
        await ActiveClusterAsync();
        using var first = await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/update-config", """{"logging":{"clusterLogging":[{"types":["scheduler"],"enabled":true}]}}""");

        using var second = await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/update-config", """{"deletionProtection":true}""");
        using var version = await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/updates", """{"version":"1.35"}""");
        _sandbox.Advance(TimeSpan.FromMinutes(1));
        using var later = await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/update-config", """{"deletionProtection":true}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("ResourceInUseException", ErrorType(second));
        Assert.Equal("ResourceInUseException", ErrorType(version));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Theory]
    [InlineData("""{"version":"1.33"}""", "/updates")]
    [InlineData("""{"version":"1.36"}""", "/updates")]
    [InlineData("""{"deletionProtection":true,"logging":{"clusterLogging":[{"types":["api"],"enabled":false}]}}""", "/update-config")]
    [InlineData("""{"resourcesVpcConfig":{"endpointPublicAccess":true,"endpointPrivateAccess":true}}""", "/update-config")]
    [InlineData("""{"accessConfig":{"authenticationMode":"CONFIG_MAP"}}""", "/update-config")]
    public async Task UnacceptableUpdates_InvalidParameterException(string body, string route)
    {
        await ActiveClusterAsync();

        using var response = await _sandbox.Eks(HttpMethod.Post, "/clusters/c1" + route, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterException", ErrorType(response));
    }

    [Fact]
    public async Task UpdateInProgress_SandboxRestarted_StillInProgressThenSuccessful()
    {
        await ActiveClusterAsync();
        var started = await Ok(await _sandbox.Eks(HttpMethod.Post, "/clusters/c1/update-config", """{"resourcesVpcConfig":{"endpointPrivateAccess":false}}"""));
        var id = started["update"]!["id"]!.GetValue<string>();
        _sandbox.Cloud.Flush();

        using var restarted = new SandboxHarness(store: _store, time: _sandbox.Time);
        using var during = await restarted.Eks(HttpMethod.Get, $"/clusters/c1/updates/{id}");
        restarted.Advance(TimeSpan.FromMinutes(3));
        using var after = await restarted.Eks(HttpMethod.Get, $"/clusters/c1/updates/{id}");
        var cluster = (await Ok(await restarted.Eks(HttpMethod.Get, "/clusters/c1")))["cluster"]!;

        Assert.Equal("InProgress", (await Ok(during))["update"]!["status"]!.GetValue<string>());
        Assert.Equal("Successful", (await Ok(after))["update"]!["status"]!.GetValue<string>());
        Assert.False(cluster["resourcesVpcConfig"]!["endpointPrivateAccess"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TagResourceAndUntagResource_ByArn()
    {
        await ActiveClusterAsync();
        var arn = Uri.EscapeDataString($"arn:aws:eks:{Region}:{_sandbox.Cloud.AccountId}:cluster/c1");

        using var tagged = await _sandbox.Eks(HttpMethod.Post, $"/tags/{arn}", """{"tags":{"owner":"team-a"}}""");
        using var untagged = await _sandbox.Eks(HttpMethod.Delete, $"/tags/{arn}?tagKeys=kund%3Aenv");
        var tags = (await Ok(await _sandbox.Eks(HttpMethod.Get, $"/tags/{arn}")))["tags"]!;
        using var unknown = await _sandbox.Eks(HttpMethod.Post, $"/tags/{Uri.EscapeDataString($"arn:aws:eks:{Region}:{_sandbox.Cloud.AccountId}:cluster/nope")}", """{"tags":{"a":"b"}}""");

        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, untagged.StatusCode);
        Assert.Equal("team-a", tags["owner"]!.GetValue<string>());
        Assert.Null(tags["kund:env"]);
        Assert.Equal("NotFoundException", ErrorType(unknown));
    }

    private async Task ActiveClusterAsync()
    {
        var cloud = _sandbox.Cloud;
        var vpc = cloud.CreateVpc(Region, "10.0.0.0/16", null);
        var a = cloud.CreateSubnet(Region, vpc.Id, "10.0.0.0/24", "ap-northeast-2a", null).Id;
        var b = cloud.CreateSubnet(Region, vpc.Id, "10.0.1.0/24", "ap-northeast-2b", null).Id;
        var role = cloud.CreateRole("cluster-role", null, EksTrust, null, null);
        _sandbox.Advance(TimeSpan.FromSeconds(10));
        var body = new JsonObject
        {
            ["name"] = "c1",
            ["version"] = "1.34",
            ["roleArn"] = role.Arn,
            ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray(a, b), ["endpointPublicAccess"] = true, ["endpointPrivateAccess"] = true },
            ["logging"] = new JsonObject { ["clusterLogging"] = new JsonArray(new JsonObject { ["types"] = new JsonArray("api"), ["enabled"] = true }) },
            ["accessConfig"] = new JsonObject { ["authenticationMode"] = "API" },
            ["tags"] = new JsonObject { ["kund:env"] = "payments-dev" },
        };
        await Ok(await _sandbox.Eks(HttpMethod.Post, "/clusters", body.ToJsonString()));
        _sandbox.Advance(TimeSpan.FromMinutes(10));
    }

    private static async Task<JsonNode> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    private static string? ErrorType(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
}
