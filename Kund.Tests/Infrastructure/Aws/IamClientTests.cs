using System.Net;
using System.Text.RegularExpressions;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Tests.Infrastructure.Aws;

public sealed partial class IamClientTests
{
    private const string CreateRoleXml = """
        <CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <CreateRoleResult>
            <Role>
              <Path>/</Path>
              <RoleName>payments-dev-eks-cluster</RoleName>
              <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
              <Arn>arn:aws:iam::123456789012:role/payments-dev-eks-cluster</Arn>
              <CreateDate>2026-11-25T12:00:00Z</CreateDate>
              <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
              <Tags><member><Key>kund:resource</Key><Value>role</Value></member></Tags>
            </Role>
          </CreateRoleResult>
          <ResponseMetadata><RequestId>4a93ceee-9966-11e1-b624-b1aEXAMPLE7c</RequestId></ResponseMetadata>
        </CreateRoleResponse>
        """;

    [Fact]
    public async Task CreateRoleAsync_Request_IsSignedFormPostWithQueryFieldNames()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(CreateRoleXml));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "payments-dev-eks-cluster",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17"}""",
            Tags = [new Tag { Key = "kund:environment", Value = "env-1" }, new Tag { Key = "Name", Value = "payments dev" }],
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://iam.amazonaws.com/", request.Uri.ToString());
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        var form = request.Form;
        Assert.Equal("CreateRole", form["Action"]);
        Assert.Equal("2010-05-08", form["Version"]);
        Assert.Equal("payments-dev-eks-cluster", form["RoleName"]);
        Assert.Equal("""{"Version":"2012-10-17"}""", form["AssumeRolePolicyDocument"]);
        Assert.Equal("kund:environment", form["Tags.member.1.Key"]);
        Assert.Equal("env-1", form["Tags.member.1.Value"]);
        Assert.Equal("payments dev", form["Tags.member.2.Value"]);
        Assert.Matches(AuthorizationPattern(), request.Headers["Authorization"]);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Matches(@"^\d{8}T\d{6}Z$", request.Headers["x-amz-date"]);

        Assert.Equal("arn:aws:iam::123456789012:role/payments-dev-eks-cluster", response.Role.Arn);
        Assert.Equal("""{"Version":"2012-10-17"}""", response.Role.AssumeRolePolicyDocument);
        Assert.Equal("role", Assert.Single(response.Role.Tags).Value);
        Assert.Equal("4a93ceee-9966-11e1-b624-b1aEXAMPLE7c", response.RequestId);
    }

    [Fact]
    public async Task GetRoleAsync_ErrorResponse_ThrowsTypedExceptionWithCodeMessageAndRequestId()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(
            """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name missing cannot be found.</Message></Error>
              <RequestId>f1a2b3c4-0000-0000-0000-000000000000</RequestId>
            </ErrorResponse>
            """,
            HttpStatusCode.NotFound));
        using var clients = AwsTestClients.Over(handler);

        var error = await Assert.ThrowsAsync<IamServiceException>(() => clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "missing" }));

        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Equal("The role with name missing cannot be found.", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("f1a2b3c4-0000-0000-0000-000000000000", error.RequestId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task DeleteRoleAsync_ThrottlingThenSuccess_RetriesUntilSuccess()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls < 3
            ? RecordingHandler.Xml("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", HttpStatusCode.BadRequest)
            : RecordingHandler.Xml("<DeleteRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>"));
        using var clients = AwsTestClients.Over(handler, maxAttempts: 3);

        var response = await clients.Iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "x" });

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("r", response.RequestId);
    }

    [Fact]
    public async Task DeleteRoleAsync_DeleteConflict_IsNotRetried()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(
            "<ErrorResponse><Error><Code>DeleteConflict</Code><Message>Cannot delete entity, must detach all policies first.</Message></Error></ErrorResponse>",
            HttpStatusCode.Conflict));
        using var clients = AwsTestClients.Over(handler, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<IamServiceException>(() => clients.Iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "x" }));

        Assert.Equal("DeleteConflict", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ListAttachedRolePoliciesAsync_Members_AreParsed()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(
            """
            <ListAttachedRolePoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <ListAttachedRolePoliciesResult>
                <AttachedPolicies><member><PolicyName>AmazonEKSClusterPolicy</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AmazonEKSClusterPolicy</PolicyArn></member></AttachedPolicies>
                <IsTruncated>false</IsTruncated>
              </ListAttachedRolePoliciesResult>
            </ListAttachedRolePoliciesResponse>
            """));
        using var clients = AwsTestClients.Over(handler);

        var response = await clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "r" });

        Assert.Equal("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", Assert.Single(response.AttachedPolicies).PolicyArn);
        Assert.False(response.IsTruncated);
        Assert.Equal("ListAttachedRolePolicies", handler.Requests[0].Form["Action"]);
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/iam/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();
}
