using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class EksWireTests : IDisposable
{
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Region = SandboxHarness.Region;

    private readonly SandboxHarness _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task CreateCluster_RoleJustCreated_FailsUntilRoleIsAssumable()
    {
        var (roleArn, subnets) = Network(propagate: false);

        using var early = await CreateCluster("payments-dev", roleArn, subnets);
        var earlyBody = await Json(early);
        _sandbox.Advance(TimeSpan.FromSeconds(10));
        using var later = await CreateCluster("payments-dev", roleArn, subnets);

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal("InvalidParameterException", ErrorType(early));
        Assert.Equal($"Role with arn: {roleArn}, could not be assumed because it does not exist or the trusted entity is not correct", earlyBody["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Cluster_Lifecycle_CreatingActiveDeletingGone()
    {
        var (roleArn, subnets) = Network();

        using var created = await CreateCluster("payments-dev", roleArn, subnets);
        var cluster = (await Json(created))["cluster"]!;
        _sandbox.Advance(TimeSpan.FromMinutes(9));
        var stillCreating = await Describe("payments-dev");
        _sandbox.Advance(TimeSpan.FromMinutes(1));
        var active = await Describe("payments-dev");
        using var deleting = await _sandbox.Eks(HttpMethod.Delete, "/clusters/payments-dev");
        var deletingStatus = (await Json(deleting))["cluster"]!["status"]!.GetValue<string>();
        _sandbox.Advance(TimeSpan.FromMinutes(8));
        using var gone = await _sandbox.Eks(HttpMethod.Get, "/clusters/payments-dev");

        Assert.Equal("CREATING", cluster["status"]!.GetValue<string>());
        Assert.Equal($"arn:aws:eks:{Region}:111111111111:cluster/payments-dev", cluster["arn"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, cluster["createdAt"]!.GetValueKind());
        Assert.Null(cluster["endpoint"]);
        Assert.Equal("CREATING", stillCreating["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", active["status"]!.GetValue<string>());
        Assert.Matches($"^https://[0-9A-F]{{32}}\\.gr7\\.{Region}\\.eks\\.amazonaws\\.com$", active["endpoint"]!.GetValue<string>());
        Assert.Equal(["api", "audit"], active["logging"]!["clusterLogging"]![0]!["types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(active["resourcesVpcConfig"]!["endpointPrivateAccess"]!.GetValue<bool>());
        Assert.Equal("payments-dev", active["tags"]!["kund:env"]!.GetValue<string>());
        Assert.Equal("DELETING", deletingStatus);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("ResourceNotFoundException", ErrorType(gone));
        Assert.Equal("No cluster found for name: payments-dev.", (await Json(gone))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteSubnet_UsedByClusterUntilGone_FailsWithDependencyViolation()
    {
        var (roleArn, subnets) = Network();
        (await CreateCluster("c1", roleArn, subnets)).Dispose();
        _sandbox.Advance(TimeSpan.FromMinutes(10));
        (await _sandbox.Eks(HttpMethod.Delete, "/clusters/c1")).Dispose();

        var error = Assert.Throws<SandboxException>(() => _sandbox.Cloud.DeleteSubnet(Region, subnets[0]));
        _sandbox.Advance(TimeSpan.FromMinutes(8));
        _sandbox.Cloud.DeleteSubnet(Region, subnets[0]);

        Assert.Equal("DependencyViolation", error.Code);
    }

    [Fact]
    public async Task DeleteCluster_WhileCreating_FailsWithResourceInUse()
    {
        var (roleArn, subnets) = Network();
        (await CreateCluster("c1", roleArn, subnets)).Dispose();

        using var response = await _sandbox.Eks(HttpMethod.Delete, "/clusters/c1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ResourceInUseException", ErrorType(response));
    }

    [Fact]
    public async Task CreateCluster_SubnetsInOneZone_FailsWithInvalidParameter()
    {
        var (roleArn, subnets) = Network();
        var sameZone = _sandbox.Cloud.CreateSubnet(Region, _sandbox.Cloud.DescribeVpcs(Region).Single().Id, "10.0.9.0/24", "ap-northeast-2a", null).Id;

        using var response = await CreateCluster("c1", roleArn, [subnets[0], sameZone]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterException", ErrorType(response));
        Assert.Equal("Subnets specified must be in at least two different AZs", (await Json(response))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateCluster_DuplicateName_FailsWithResourceInUse409()
    {
        var (roleArn, subnets) = Network();
        (await CreateCluster("c1", roleArn, subnets)).Dispose();

        using var response = await CreateCluster("c1", roleArn, subnets);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ResourceInUseException", ErrorType(response));
    }

    [Fact]
    public async Task CreateCluster_SameClientRequestToken_ReturnsSameCluster()
    {
        var (roleArn, subnets) = Network();

        using var first = await CreateCluster("c1", roleArn, subnets, token: "tok-1");
        using var second = await CreateCluster("c1", roleArn, subnets, token: "tok-1");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Json(first))["cluster"]!["arn"]!.ToString(), (await Json(second))["cluster"]!["arn"]!.ToString());
    }

    [Fact]
    public async Task Cluster_PendingPhase_PendingThenCreatingThenActiveWithinTheSameCreationTime()
    {
        using var sandbox = new SandboxHarness(o => o.ClusterPendingPhase = TimeSpan.FromMinutes(2));
        var vpc = sandbox.Cloud.CreateVpc(Region, "10.0.0.0/16", null);
        List<string> subnets =
        [
            sandbox.Cloud.CreateSubnet(Region, vpc.Id, "10.0.0.0/24", "ap-northeast-2a", null).Id,
            sandbox.Cloud.CreateSubnet(Region, vpc.Id, "10.0.1.0/24", "ap-northeast-2b", null).Id,
        ];
        var role = sandbox.Cloud.CreateRole("cluster-role", null, EksTrust, null, null);
        sandbox.Advance(TimeSpan.FromSeconds(10));
        var cluster = sandbox.Cloud.CreateCluster(Region, new SandboxClusterRequest("pending-dev", "1.34", role.Arn, subnets, [], true, false, null, [], new Dictionary<string, string>(), null));

        var pending = await DescribeIn(sandbox, "pending-dev");
        using var deleteWhilePending = await sandbox.Eks(HttpMethod.Delete, "/clusters/pending-dev");
        sandbox.Advance(TimeSpan.FromMinutes(2));
        var creating = await DescribeIn(sandbox, "pending-dev");
        sandbox.Advance(TimeSpan.FromMinutes(8));
        var active = await DescribeIn(sandbox, "pending-dev");

        Assert.Equal("PENDING", cluster.StatusAt(cluster.CreatedAt, sandbox.Cloud.Timings));
        Assert.Equal("PENDING", pending["status"]!.GetValue<string>());
        Assert.Null(pending["endpoint"]);
        Assert.Equal(HttpStatusCode.Conflict, deleteWhilePending.StatusCode);
        Assert.Equal("ResourceInUseException", ErrorType(deleteWhilePending));
        Assert.Equal("CREATING", creating["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", active["status"]!.GetValue<string>());
        Assert.NotNull(active["endpoint"]);
    }

    [Fact]
    public async Task ListClustersAndVersions_ReturnAwsShapes()
    {
        var (roleArn, subnets) = Network();
        (await CreateCluster("b", roleArn, subnets)).Dispose();
        (await CreateCluster("a", roleArn, subnets)).Dispose();

        using var list = await _sandbox.Eks(HttpMethod.Get, "/clusters");
        var versionList = await AllVersions();

        Assert.Equal(["a", "b"], (await Json(list))["clusters"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["1.35", "1.34", "1.33"], versionList.Select(v => v!["clusterVersion"]!.GetValue<string>()));
        Assert.Equal("EXTENDED_SUPPORT", versionList[2]!["versionStatus"]!.GetValue<string>());
        Assert.True(versionList[1]!["defaultVersion"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListClusters_MaxResults_PagesByNextTokenAndRefusesBadPagingInput()
    {
        var (roleArn, subnets) = Network();
        foreach (var name in new[] { "c", "a", "b" })
        {
            (await CreateCluster(name, roleArn, subnets)).Dispose();
        }

        var names = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            using var page = await _sandbox.Eks(HttpMethod.Get, "/clusters?maxResults=2" + (token is null ? "" : "&nextToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await Json(page);
            var clusters = body["clusters"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.InRange(clusters.Count, 1, 2);
            names.AddRange(clusters);
            token = body["nextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        using var everything = await _sandbox.Eks(HttpMethod.Get, "/clusters");
        using var tooMany = await _sandbox.Eks(HttpMethod.Get, "/clusters?maxResults=101");
        using var none = await _sandbox.Eks(HttpMethod.Get, "/clusters?maxResults=0");
        using var notANumber = await _sandbox.Eks(HttpMethod.Get, "/clusters?maxResults=many");
        using var strangeToken = await _sandbox.Eks(HttpMethod.Get, "/clusters?nextToken=not-ours");

        Assert.Equal(2, pages);
        Assert.Equal(["a", "b", "c"], names);
        var all = await Json(everything);
        Assert.Equal(["a", "b", "c"], all["clusters"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(all["nextToken"]);
        foreach (var refused in new[] { tooMany, none, notANumber, strangeToken })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("InvalidParameterException", ErrorType(refused));
        }
    }

    [Fact]
    public async Task DescribeClusterVersions_DefaultOnly_ReturnsDefaultVersion()
    {
        using var response = await _sandbox.Eks(HttpMethod.Get, "/cluster-versions?defaultOnly=true");

        Assert.Equal("1.34", Assert.Single((await Json(response))["clusterVersions"]!.AsArray())!["clusterVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsignedRequest_FailsWithMissingAuthenticationTokenException()
    {
        using var response = await _sandbox.Http.GetAsync(new Uri($"https://eks.{Region}.amazonaws.com/clusters"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", ErrorType(response));
    }

    [Fact]
    public async Task UnknownRoute_FailsWithUnknownOperation()
    {
        using var response = await _sandbox.Eks(HttpMethod.Get, "/clusters/c1/nodegroups");

        Assert.Equal("UnknownOperationException", ErrorType(response));
    }

    private (string RoleArn, List<string> Subnets) Network(bool propagate = true)
    {
        var cloud = _sandbox.Cloud;
        var vpc = cloud.CreateVpc(Region, "10.0.0.0/16", null);
        var subnets = new List<string>
        {
            cloud.CreateSubnet(Region, vpc.Id, "10.0.0.0/24", "ap-northeast-2a", null).Id,
            cloud.CreateSubnet(Region, vpc.Id, "10.0.1.0/24", "ap-northeast-2b", null).Id,
        };
        var role = cloud.CreateRole("cluster-role", null, EksTrust, null, null);
        if (propagate)
        {
            _sandbox.Advance(TimeSpan.FromSeconds(10));
        }

        return (role.Arn, subnets);
    }

    private Task<HttpResponseMessage> CreateCluster(string name, string roleArn, List<string> subnets, string? token = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["version"] = "1.34",
            ["roleArn"] = roleArn,
            ["resourcesVpcConfig"] = new JsonObject
            {
                ["subnetIds"] = new JsonArray([.. subnets.Select(s => JsonValue.Create(s))]),
                ["endpointPublicAccess"] = true,
                ["endpointPrivateAccess"] = true,
                ["publicAccessCidrs"] = new JsonArray("0.0.0.0/0"),
            },
            ["logging"] = new JsonObject { ["clusterLogging"] = new JsonArray(new JsonObject { ["types"] = new JsonArray("api", "audit"), ["enabled"] = true }) },
            ["tags"] = new JsonObject { ["kund:env"] = "payments-dev" },
        };
        if (token is not null)
        {
            body["clientRequestToken"] = token;
        }

        return _sandbox.Eks(HttpMethod.Post, "/clusters", body.ToJsonString());
    }

    private async Task<JsonNode> Describe(string name)
    {
        using var response = await _sandbox.Eks(HttpMethod.Get, $"/clusters/{name}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response))["cluster"]!;
    }

    /// <summary>Every page of DescribeClusterVersions, following nextToken.</summary>
    private async Task<List<JsonNode?>> AllVersions()
    {
        var all = new List<JsonNode?>();
        string? token = null;
        do
        {
            using var page = await _sandbox.Eks(HttpMethod.Get, "/cluster-versions" + (token is null ? "" : "?nextToken=" + Uri.EscapeDataString(token)));
            var body = await Json(page);
            all.AddRange(body["clusterVersions"]!.AsArray());
            token = body["nextToken"]?.GetValue<string>();
        }
        while (token is not null);

        return all;
    }

    private static async Task<JsonNode> DescribeIn(SandboxHarness sandbox, string name)
    {
        using var response = await sandbox.Eks(HttpMethod.Get, $"/clusters/{name}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response))["cluster"]!;
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static string? ErrorType(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
}
