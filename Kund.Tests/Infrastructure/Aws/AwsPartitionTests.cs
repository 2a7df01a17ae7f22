using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Iam.Model;
using Kund.Infrastructure.Configuration;

namespace Kund.Tests.Infrastructure.Aws;

/// <summary>IAM and EKS endpoints resolved per partition, as the SDKs' endpoint rules resolve them.</summary>
public sealed class AwsPartitionTests
{
    private const string GetRoleXml = """
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName><RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
            <Arn>arn:aws-cn:iam::123456789012:role/r</Arn><CreateDate>2026-11-25T12:00:00Z</CreateDate>
            <AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></Role></GetRoleResult>
          <ResponseMetadata><RequestId>4a93ceee-9966-11e1-b624-b1aEXAMPLE7c</RequestId></ResponseMetadata>
        </GetRoleResponse>
        """;

    [Theory]
    [InlineData("ap-northeast-2", "aws", "https://iam.amazonaws.com/", "us-east-1", "https://eks.ap-northeast-2.amazonaws.com/")]
    [InlineData("cn-north-1", "aws-cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1", "https://eks.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "aws-cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1", "https://eks.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "aws-us-gov", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1", "https://eks.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-gov-east-1", "aws-us-gov", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1", "https://eks.us-gov-east-1.amazonaws.com/")]
    [InlineData("cn-somewhere", "aws", "https://iam.amazonaws.com/", "us-east-1", "https://eks.cn-somewhere.amazonaws.com/")]
    public void Of_Region_ResolvesPartitionEndpointsAndArns(string region, string partition, string iam, string iamSigningRegion, string eks)
    {
        var resolved = AwsPartition.Of(region);

        Assert.Equal(partition, resolved.Name);
        Assert.Equal($"arn:{partition}", resolved.ArnPrefix);
        Assert.Equal($"arn:{partition}:iam::aws:policy/AmazonEKSClusterPolicy", resolved.ManagedPolicyArn("AmazonEKSClusterPolicy"));
        Assert.Equal($"arn:{partition}:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", resolved.AccessPolicyArn("AmazonEKSViewPolicy"));
        Assert.Equal(iam, resolved.IamEndpoint);
        Assert.Equal(iamSigningRegion, resolved.IamSigningRegion);
        Assert.Equal(eks, AwsPartition.RegionalEndpoint("eks", region).ToString());
    }

    [Theory]
    [InlineData("cn-north-1", "https://iam.cn-north-1.amazonaws.com.cn/", "/cn-north-1/iam/aws4_request")]
    [InlineData("us-gov-west-1", "https://iam.us-gov.amazonaws.com/", "/us-gov-west-1/iam/aws4_request")]
    public async Task IamClient_InAnotherPartition_CallsThatPartitionsIamSignedForItsRegion(string region, string endpoint, string scope)
    {
        var handler = new RecordingHandler(r => r.Uri.Host.StartsWith("eks.", StringComparison.Ordinal)
            ? RecordingHandler.Json("""{"clusters":[]}""")
            : RecordingHandler.Xml(GetRoleXml));
        using var clients = new AwsClients(
            new AwsOptions { Region = region, Mode = KundMode.Sandbox, TimeScale = 100_000 },
            new AwsTransport(MessageHandler: handler),
            TimeProvider.System,
            new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

        await clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "r" });
        await clients.Eks(region).ListClustersAsync(new Kund.Infrastructure.Aws.Eks.Model.ListClustersRequest());

        var iam = handler.Requests[0];
        Assert.Equal(endpoint, iam.Uri.ToString());
        Assert.Contains(scope, iam.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal(AwsPartition.RegionalEndpoint("eks", region).Host, handler.Requests[1].Uri.Host);
    }
}
