using System.Net;
using System.Xml.Linq;
using Kund.Infrastructure.Sandbox;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class IamWireTests : IDisposable
{
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string ClusterPolicy = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private readonly SandboxHarness _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task CreateRole_WithTags_ReturnsRoleInIamXml()
    {
        using var response = await CreateRole("payments-dev-eks-cluster", ("Tags.member.1.Key", "kund:env"), ("Tags.member.1.Value", "payments-dev"));
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var role = xml.Root!.Element(Ns + "CreateRoleResult")!.Element(Ns + "Role")!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ns + "CreateRoleResponse", xml.Root.Name);
        Assert.Equal("payments-dev-eks-cluster", role.Element(Ns + "RoleName")!.Value);
        Assert.Equal("arn:aws:iam::111111111111:role/payments-dev-eks-cluster", role.Element(Ns + "Arn")!.Value);
        Assert.Matches("^AROA[A-Z0-9]{17}$", role.Element(Ns + "RoleId")!.Value);
        Assert.Equal(EksTrust, Uri.UnescapeDataString(role.Element(Ns + "AssumeRolePolicyDocument")!.Value));
        Assert.Equal("payments-dev", role.Element(Ns + "Tags")!.Element(Ns + "member")!.Element(Ns + "Value")!.Value);
        Assert.NotEmpty(xml.Root.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task CreateRole_ExistingName_FailsWithEntityAlreadyExists409()
    {
        (await CreateRole("r1")).Dispose();

        using var response = await CreateRole("r1");
        var error = await Error(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(("Sender", "EntityAlreadyExists"), (error.Type, error.Code));
        Assert.Equal("Role with name r1 already exists.", error.Message);
    }

    [Fact]
    public async Task GetRole_Unknown_FailsWithNoSuchEntity404()
    {
        using var response = await _sandbox.Iam(("Action", "GetRole"), ("RoleName", "missing"));
        var error = await Error(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal("The role with name missing cannot be found.", error.Message);
    }

    [Fact]
    public async Task DeleteRole_WithAttachedPolicy_FailsWithDeleteConflictUntilDetached()
    {
        (await CreateRole("r1")).Dispose();
        (await _sandbox.Iam(("Action", "AttachRolePolicy"), ("RoleName", "r1"), ("PolicyArn", ClusterPolicy))).Dispose();

        using var listed = await _sandbox.Iam(("Action", "ListAttachedRolePolicies"), ("RoleName", "r1"));
        var attached = XDocument.Parse(await listed.Content.ReadAsStringAsync()).Descendants(Ns + "PolicyArn").Select(e => e.Value);
        using var conflict = await _sandbox.Iam(("Action", "DeleteRole"), ("RoleName", "r1"));
        var error = await Error(conflict);
        (await _sandbox.Iam(("Action", "DetachRolePolicy"), ("RoleName", "r1"), ("PolicyArn", ClusterPolicy))).Dispose();
        using var deleted = await _sandbox.Iam(("Action", "DeleteRole"), ("RoleName", "r1"));

        Assert.Equal([ClusterPolicy], attached);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("DeleteConflict", error.Code);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("<DeleteRoleResponse", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_sandbox.Cloud.Inventory());
    }

    [Fact]
    public async Task AttachRolePolicy_UnknownPolicy_FailsWithNoSuchEntity()
    {
        (await CreateRole("r1")).Dispose();

        using var response = await _sandbox.Iam(("Action", "AttachRolePolicy"), ("RoleName", "r1"), ("PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NoSuchEntity", (await Error(response)).Code);
    }

    /// <summary>
    /// IAM is one per partition: each knows AWS's policies under its own ARNs and refuses another partition's.
    /// Over HTTP the sandbox serves commercial regions only, so the other partitions' IAM is asked directly.
    /// </summary>
    [Fact]
    public async Task AttachRolePolicy_AnotherPartitionsArn_FailsWithInvalidArnPartitionAndEachPartitionTakesItsOwn()
    {
        (await CreateRole("r1")).Dispose();
        (await CreateRole("r2")).Dispose();
        const string china = "arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy";
        const string govCloud = "arn:aws-us-gov:iam::aws:policy/AmazonEKSClusterPolicy";

        using var refused = await _sandbox.Iam(("Action", "AttachRolePolicy"), ("RoleName", "r1"), ("PolicyArn", china));
        _sandbox.Cloud.AttachRolePolicy("r1", china, signingRegion: "cn-north-1");
        _sandbox.Cloud.AttachRolePolicy("r2", govCloud, signingRegion: "us-gov-west-1");
        var commercialInChina = Assert.Throws<SandboxException>(() => _sandbox.Cloud.AttachRolePolicy("r2", ClusterPolicy, signingRegion: "cn-north-1"));
        var unknownInChina = Assert.Throws<SandboxException>(() => _sandbox.Cloud.AttachRolePolicy("r2", "arn:aws-cn:iam::aws:policy/NoSuchPolicy", signingRegion: "cn-north-1"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(("Sender", "ValidationError", "Invalid ARN partition"), await Error(refused));
        Assert.Equal([china], _sandbox.Cloud.ListAttachedRolePolicies("r1"));
        Assert.Equal([govCloud], _sandbox.Cloud.ListAttachedRolePolicies("r2"));
        Assert.Equal("ValidationError", commercialInChina.Code);
        Assert.Equal("NoSuchEntity", unknownInChina.Code);
    }

    [Fact]
    public async Task TagRole_ThenListRoleTags_ShowsMergedTags()
    {
        (await CreateRole("r1", ("Tags.member.1.Key", "a"), ("Tags.member.1.Value", "1"))).Dispose();
        (await _sandbox.Iam(("Action", "TagRole"), ("RoleName", "r1"), ("Tags.member.1.Key", "b"), ("Tags.member.1.Value", "2"))).Dispose();

        using var response = await _sandbox.Iam(("Action", "ListRoleTags"), ("RoleName", "r1"));
        var tags = XDocument.Parse(await response.Content.ReadAsStringAsync())
            .Descendants(Ns + "member").Select(m => $"{m.Element(Ns + "Key")!.Value}={m.Element(Ns + "Value")!.Value}");

        Assert.Equal(["a=1", "b=2"], tags);
    }

    [Fact]
    public async Task CreateRole_InvalidName_FailsWithValidationError()
    {
        using var response = await CreateRole("bad name!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationError", (await Error(response)).Code);
    }

    [Fact]
    public async Task UnsignedRequest_FailsWithMissingAuthenticationToken403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://iam.amazonaws.com/")
        {
            Content = new FormUrlEncodedContent([new("Action", "GetRole"), new("RoleName", "r1"), new("Version", "2010-05-08")]),
        };

        using var response = await _sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", (await Error(response)).Code);
    }

    [Fact]
    public async Task UnknownAction_FailsWithInvalidAction()
    {
        using var response = await _sandbox.Iam(("Action", "CreateUser"), ("UserName", "u"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidAction", (await Error(response)).Code);
    }

    private Task<HttpResponseMessage> CreateRole(string name, params (string, string)[] extra) =>
        _sandbox.Iam([("Action", "CreateRole"), ("RoleName", name), ("AssumeRolePolicyDocument", EksTrust), .. extra]);

    private static async Task<(string Type, string Code, string Message)> Error(HttpResponseMessage response)
    {
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        var error = root.Element(Ns + "Error")!;
        Assert.Equal(Ns + "ErrorResponse", root.Name);
        Assert.NotEmpty(root.Element(Ns + "RequestId")!.Value);
        return (error.Element(Ns + "Type")!.Value, error.Element(Ns + "Code")!.Value, error.Element(Ns + "Message")!.Value);
    }
}
