using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// The sandbox pages its lists and describes as AWS does (EC2 by MaxResults and NextToken, filtering each
/// page after it is cut; IAM by MaxItems and Marker, answering fewer than asked), and Kund's callers read
/// to the last page.
/// </summary>
public sealed class SandboxPagingTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task DescribeSubnets_MaxResults_PagesWithNextTokenAndFiltersEachPage()
    {
        using var cloud = new SandboxCloudUnderTest(configure: o => o.ThrottlingEnabled = false);
        var vpc = cloud.Cloud.CreateVpc(SeedEnvironment.Region, "10.50.0.0/16", null);
        var subnets = Enumerable.Range(0, 7)
            .Select(i => cloud.Cloud.CreateSubnet(SeedEnvironment.Region, vpc.Id, $"10.50.{i}.0/24", "ap-northeast-2a", null, new Dictionary<string, string> { ["n"] = $"{i}" }))
            .ToList();
        var ec2 = cloud.Clients.Ec2(SeedEnvironment.Region);

        var first = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { MaxResults = 5 });
        var second = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { MaxResults = 5, NextToken = first.NextToken });
        var filtered = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { MaxResults = 5, Filters = [new Filter("tag:n", ["6"])] });
        var filteredNext = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { MaxResults = 5, Filters = [new Filter("tag:n", ["6"])], NextToken = filtered.NextToken });
        var everything = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest());
        var withIds = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { MaxResults = 5, SubnetIds = [subnets[0].Id] }));

        Assert.Equal(5, first.Subnets.Count);
        Assert.False(string.IsNullOrEmpty(first.NextToken));
        Assert.Equal(2, second.Subnets.Count);
        Assert.True(string.IsNullOrEmpty(second.NextToken));
        Assert.Equal(subnets.Select(s => s.Id).Order(), first.Subnets.Concat(second.Subnets).Select(s => s.SubnetId).Order());
        Assert.Empty(filtered.Subnets ?? []);
        Assert.False(string.IsNullOrEmpty(filtered.NextToken));
        Assert.Equal(subnets[6].Id, Assert.Single(filteredNext.Subnets).SubnetId);
        Assert.Equal(7, everything.Subnets.Count);
        Assert.Equal("InvalidParameterCombination", withIds.ErrorCode);
    }

    [Fact]
    public async Task ListRoleTags_MoreThanAPage_IsTruncatedAndTheMarkerReadsTheRest()
    {
        using var cloud = new SandboxCloudUnderTest(configure: o => o.ThrottlingEnabled = false);
        var tags = Enumerable.Range(0, 14).ToDictionary(i => $"k{i:00}", i => $"v{i}");
        cloud.Cloud.CreateRole("paged-role", null, Trust, null, null, tags);

        var first = await cloud.Clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "paged-role" });
        var rest = await cloud.Clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "paged-role", Marker = first.Marker });

        Assert.True(first.IsTruncated);
        Assert.Equal(10, first.Tags.Count);
        Assert.False(rest.IsTruncated);
        Assert.Equal(tags.Keys.Order(), first.Tags.Concat(rest.Tags).Select(t => t.Key).Order());
    }

    [Fact]
    public async Task ListAttachedRolePolicies_MaxItems_PagesByMarker()
    {
        using var cloud = new SandboxCloudUnderTest(configure: o => o.ThrottlingEnabled = false);
        cloud.Cloud.CreateRole("policies-role", null, Trust, null, null);
        string[] arns = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController", "arn:aws:iam::aws:policy/AmazonEKSServicePolicy"];
        foreach (var arn in arns)
        {
            cloud.Cloud.AttachRolePolicy("policies-role", arn);
        }

        var first = await cloud.Clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "policies-role", MaxItems = 2 });
        var rest = await cloud.Clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "policies-role", MaxItems = 2, Marker = first.Marker });

        Assert.True(first.IsTruncated);
        Assert.Equal(2, first.AttachedPolicies.Count);
        Assert.Equal(arns.Order(), first.AttachedPolicies.Concat(rest.AttachedPolicies).Select(p => p.PolicyArn).Order());
    }
}
