using System.Net;
using System.Text.Json;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class EksClientTests
{
    private const string ClusterJson = """
        {"cluster":{"name":"payments-dev","arn":"arn:aws:eks:ap-northeast-2:123456789012:cluster/payments-dev","createdAt":1795000000.5,
        "version":"1.34","roleArn":"arn:aws:iam::123456789012:role/r","status":"CREATING",
        "resourcesVpcConfig":{"subnetIds":["subnet-1","subnet-2"],"endpointPublicAccess":true,"endpointPrivateAccess":true,"publicAccessCidrs":["0.0.0.0/0"]},
        "logging":{"clusterLogging":[{"types":["api","audit"],"enabled":true}]},"tags":{"kund:resource":"eks"}}}
        """;

    [Fact]
    public async Task CreateClusterAsync_Request_PostsCamelCaseJsonToClustersRoute()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(ClusterJson));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Eks("ap-northeast-2").CreateClusterAsync(new CreateClusterRequest
        {
            Name = "payments-dev",
            Version = "1.34",
            RoleArn = "arn:aws:iam::123456789012:role/r",
            ResourcesVpcConfig = new VpcConfigRequest
            {
                SubnetIds = ["subnet-1", "subnet-2"],
                EndpointPublicAccess = true,
                EndpointPrivateAccess = true,
                PublicAccessCidrs = ["0.0.0.0/0"],
            },
            Logging = new Logging { ClusterLogging = [new LogSetup { Types = ["api", "audit"], Enabled = true }] },
            Tags = new Dictionary<string, string> { ["kund:resource"] = "eks" },
            ClientRequestToken = "kund-token",
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://eks.ap-northeast-2.amazonaws.com/clusters", request.Uri.ToString());
        Assert.Contains("/ap-northeast-2/eks/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("payments-dev", root.GetProperty("name").GetString());
        Assert.Equal("1.34", root.GetProperty("version").GetString());
        Assert.Equal("arn:aws:iam::123456789012:role/r", root.GetProperty("roleArn").GetString());
        Assert.Equal("kund-token", root.GetProperty("clientRequestToken").GetString());
        var vpc = root.GetProperty("resourcesVpcConfig");
        Assert.Equal(2, vpc.GetProperty("subnetIds").GetArrayLength());
        Assert.True(vpc.GetProperty("endpointPublicAccess").GetBoolean());
        Assert.True(vpc.GetProperty("endpointPrivateAccess").GetBoolean());
        Assert.Equal("0.0.0.0/0", vpc.GetProperty("publicAccessCidrs")[0].GetString());
        Assert.False(vpc.TryGetProperty("securityGroupIds", out _));
        var logSetup = root.GetProperty("logging").GetProperty("clusterLogging")[0];
        Assert.Equal("audit", logSetup.GetProperty("types")[1].GetString());
        Assert.True(logSetup.GetProperty("enabled").GetBoolean());
        Assert.Equal("eks", root.GetProperty("tags").GetProperty("kund:resource").GetString());

        Assert.Equal("CREATING", response.Cluster.Status);
        Assert.Equal(["subnet-1", "subnet-2"], response.Cluster.ResourcesVpcConfig!.SubnetIds);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_795_000_000.5), response.Cluster.CreatedAt);
        Assert.Equal("req-eks-1", response.RequestId);
    }

    [Fact]
    public async Task DescribeClusterAsync_ErrorTypeHeader_ThrowsTypedExceptionWithCodeAndMessage()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"message":"No cluster found for name: gone.","clusterName":"gone"}""",
            HttpStatusCode.NotFound,
            "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.eks/"));
        using var clients = AwsTestClients.Over(handler);

        var error = await Assert.ThrowsAsync<EksServiceException>(() => clients.Eks().DescribeClusterAsync(new DescribeClusterRequest { Name = "gone" }));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("No cluster found for name: gone.", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("req-eks-1", error.RequestId);
        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal("/clusters/gone", handler.Requests[0].Uri.AbsolutePath);
    }

    [Fact]
    public async Task DescribeClusterAsync_TypeInBodyOnly_UsesBodyType()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"__type":"com.amazonaws.eks#InvalidParameterException","message":"bad"}""",
            HttpStatusCode.BadRequest));
        using var clients = AwsTestClients.Over(handler);

        var error = await Assert.ThrowsAsync<EksServiceException>(() => clients.Eks().DescribeClusterAsync(new DescribeClusterRequest { Name = "x" }));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task DescribeClusterAsync_ServiceUnavailableThenOk_RetriesOnce()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls == 1
            ? RecordingHandler.Json("""{"message":"try later"}""", HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException")
            : RecordingHandler.Json(ClusterJson));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Eks().DescribeClusterAsync(new DescribeClusterRequest { Name = "payments-dev" });

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("payments-dev", response.Cluster.Name);
    }

    [Fact]
    public async Task CreateClusterAsync_InvalidParameter_IsNotRetried()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"message":"Role with arn: arn:aws:iam::1:role/r, could not be assumed because it does not exist or the trusted entity is not correct"}""",
            HttpStatusCode.BadRequest,
            "InvalidParameterException"));
        using var clients = AwsTestClients.Over(handler, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<EksServiceException>(() => clients.Eks().CreateClusterAsync(new CreateClusterRequest { Name = "c", RoleArn = "arn" }));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task TooManyRequests_AfterAllAttempts_ThrowsLastError()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json("""{"message":"slow down"}""", HttpStatusCode.TooManyRequests, "TooManyRequestsException"));
        using var clients = AwsTestClients.Over(handler, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<EksServiceException>(() => clients.Eks().ListClustersAsync(new ListClustersRequest()));

        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task DescribeClusterVersionsAsync_Query_UsesClusterVersionsRouteAndParsesVersions()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"clusterVersions":[{"clusterVersion":"1.34","clusterType":"eks","defaultVersion":true,"versionStatus":"STANDARD_SUPPORT","endOfStandardSupportDate":1830000000}],"nextToken":null}"""));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Eks("ap-northeast-2").DescribeClusterVersionsAsync(new DescribeClusterVersionsRequest { ClusterType = "eks", IncludeAll = true });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/cluster-versions", request.Uri.AbsolutePath);
        Assert.Contains("clusterType=eks", request.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("includeAll=true", request.Uri.Query, StringComparison.Ordinal);
        var version = Assert.Single(response.ClusterVersions);
        Assert.Equal("1.34", version.ClusterVersion);
        Assert.Equal("STANDARD_SUPPORT", version.VersionStatus);
        Assert.True(version.DefaultVersion);
    }
}
