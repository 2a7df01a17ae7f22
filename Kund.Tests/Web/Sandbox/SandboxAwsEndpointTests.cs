using System.Net;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Kund.Tests.Support;

namespace Kund.Tests.Web.Sandbox;

/// <summary>
/// The sandbox at <c>/sandbox/aws</c> over real HTTP, driven by the AWS SDK for .NET as a user's tool would
/// be: the same cloud Kund's workers see, SigV4 verified, AWS's errors for what it refuses.
/// </summary>
public class SandboxAwsEndpointTests(SandboxEndpointApp app) : IClassFixture<SandboxEndpointApp>
{
    private const string Region = "ap-northeast-2";

    [Fact]
    public async Task GetCallerIdentity_SandboxKey_TheSandboxAccount()
    {
        using var sts = Sts(SandboxSigning.Credentials);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("111111111111", identity.Account);
        Assert.Equal("arn:aws:iam::111111111111:root", identity.Arn);
    }

    [Fact]
    public async Task CreateVpc_OverHttp_TheSameCloudKundsWorkersUse()
    {
        using var ec2 = Ec2(SandboxSigning.Credentials);

        var created = await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.61.0.0/16" });
        var described = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [created.Vpc.VpcId] });

        Assert.Equal("10.61.0.0/16", Assert.Single(described.Vpcs).CidrBlock);
        Assert.Contains(app.Cloud.DescribeVpcs(Region, []), v => v.Id == created.Vpc.VpcId);
    }

    [Fact]
    public async Task AnyCall_WrongSecret_SignatureDoesNotMatchOrEc2sAuthFailure()
    {
        using var sts = Sts(new BasicAWSCredentials(Kund.Infrastructure.Sandbox.SandboxEndpoint.AccessKeyId, "not-the-secret"));
        using var ec2 = Ec2(new BasicAWSCredentials(Kund.Infrastructure.Sandbox.SandboxEndpoint.AccessKeyId, "not-the-secret"));

        var stsError = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        var ec2Error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()));

        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (stsError.ErrorCode, stsError.StatusCode));
        // EC2 words a bad signature as it words an unknown key.
        Assert.Equal(("AuthFailure", HttpStatusCode.Unauthorized), (ec2Error.ErrorCode, ec2Error.StatusCode));
    }

    [Fact]
    public async Task AnyCall_UnknownKey_InvalidClientTokenId()
    {
        using var sts = Sts(new BasicAWSCredentials("AKIAUNKNOWN000000000", Kund.Infrastructure.Sandbox.SandboxEndpoint.SecretAccessKey));

        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(("InvalidClientTokenId", HttpStatusCode.Forbidden), (error.ErrorCode, error.StatusCode));
    }

    [Theory]
    [InlineData("ec2", "ap-northeast-2", "Action=RunInstances&Version=2016-11-15")]
    [InlineData("iam", "us-east-1", "Action=CreateUser&Version=2010-05-08&UserName=x")]
    [InlineData("sts", "us-east-1", "Action=AssumeRole&Version=2011-06-15")]
    [InlineData("elasticloadbalancing", "ap-northeast-2", "Action=CreateLoadBalancer&Version=2015-12-01")]
    public async Task QueryService_UnknownAction_InvalidAction(string service, string region, string form)
    {
        using var client = new HttpClient();
        using var request = SandboxSigning.Signed(HttpMethod.Post, new Uri(app.Endpoint + "/"), service, region, form);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidAction", ErrorCode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Eks_UnknownPath_UnknownOperationException()
    {
        using var client = new HttpClient();
        using var request = SandboxSigning.Signed(HttpMethod.Get, new Uri(app.Endpoint + "/fargate-profiles-nope"), "eks", Region);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Eks_WrongSecret_InvalidSignatureException()
    {
        using var client = new HttpClient();
        using var request = SandboxSigning.Signed(HttpMethod.Get, new Uri(app.Endpoint + "/clusters"), "eks", Region, secret: "not-the-secret");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task AnyPath_Unsigned_MissingAuthenticationToken()
    {
        using var client = new HttpClient();

        using var response = await client.PostAsync(app.Endpoint, new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "DescribeVpcs" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", ErrorCode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SignedScope_ServiceNotServed_ClientErrorNamingIt()
    {
        using var client = new HttpClient();
        using var request = SandboxSigning.Signed(HttpMethod.Get, new Uri(app.Endpoint + "/bucket"), "s3", Region);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'s3'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentity_PresignedUrl_Answered()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var path = SandboxSigning.PresignedPath(app.BaseAddress.Authority, "/sandbox/aws/?Action=GetCallerIdentity&Version=2011-06-15", "sts", "us-east-1");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Account>111111111111</Account>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = app.Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    private AmazonEC2Client Ec2(AWSCredentials credentials) => new(credentials, new AmazonEC2Config
    {
        ServiceURL = app.Endpoint.ToString(),
        AuthenticationRegion = Region,
        MaxErrorRetry = 0,
    });

    private static string? ErrorCode(string xml) =>
        XDocument.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
}
