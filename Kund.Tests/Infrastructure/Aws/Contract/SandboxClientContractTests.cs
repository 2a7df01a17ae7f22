using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The IAM and EKS client operations the drivers do not exercise, against the sandbox's wire protocols.</summary>
public sealed class SandboxClientContractTests
{
    [Fact]
    public async Task DescribeClusterVersionsAsync_Sandbox_ListsSupportedVersionsWithStatus()
    {
        using var cloud = new SandboxCloudUnderTest();

        var response = await cloud.Clients.Eks(SeedEnvironment.Region).DescribeAllClusterVersionsAsync(new DescribeClusterVersionsRequest());

        var versions = response.ToDictionary(v => v.ClusterVersion!, v => v.VersionStatus);
        Assert.Equal("STANDARD_SUPPORT", versions["1.34"]);
        Assert.Equal("STANDARD_SUPPORT", versions["1.35"]);
        Assert.Equal("EXTENDED_SUPPORT", versions["1.33"]);
    }

    [Fact]
    public async Task ListClustersAsync_EmptyRegion_ListsNothing()
    {
        using var cloud = new SandboxCloudUnderTest();

        var response = await cloud.Clients.Eks("eu-west-1").ListClustersAsync(new ListClustersRequest { MaxResults = 10 });

        Assert.Empty(response.Clusters);
    }

    [Fact]
    public async Task TagRoleAsync_ThenListRoleTags_RoundTripsTags()
    {
        using var cloud = new SandboxCloudUnderTest();
        var iam = cloud.Clients.Iam;
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "tagged", AssumeRolePolicyDocument = SeedEnvironment.TrustPolicy });

        await iam.TagRoleAsync(new TagRoleRequest { RoleName = "tagged", Tags = [new Tag { Key = "kund:resource", Value = "role" }, new Tag { Key = "team", Value = "a b" }] });
        var tags = (await iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "tagged" })).Tags;

        Assert.Contains(tags, t => t.Key == "kund:resource" && t.Value == "role");
        Assert.Contains(tags, t => t.Key == "team" && t.Value == "a b");
    }

    [Fact]
    public async Task DeleteRoleAsync_PolicyStillAttached_IsPermanentDeleteConflict()
    {
        using var cloud = new SandboxCloudUnderTest();
        var iam = cloud.Clients.Iam;
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "attached", AssumeRolePolicyDocument = SeedEnvironment.TrustPolicy });
        await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = "attached", PolicyArn = SeedEnvironment.PolicyArn });

        var error = await Assert.ThrowsAsync<IamServiceException>(() => iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "attached" }));

        Assert.Equal("DeleteConflict", error.ErrorCode);
        Assert.Equal(CloudErrorKind.Permanent, AwsErrorClassifier.Classify(error).Kind);
        await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = "attached", PolicyArn = SeedEnvironment.PolicyArn });
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = "attached" });
        var gone = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = "attached" }));
        Assert.Equal("NoSuchEntity", gone.ErrorCode);
    }
}
