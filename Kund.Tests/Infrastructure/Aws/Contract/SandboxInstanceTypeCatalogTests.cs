using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Specs;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// The instance types of the catalog come from the cloud: EC2 DescribeInstanceTypeOfferings, every page, over
/// the official SDK against the sandbox; validation refuses what the region does not offer, by path.
/// </summary>
public sealed class SandboxInstanceTypeCatalogTests
{
    private const string Region = SeedEnvironment.Region;

    [Fact]
    public async Task DescribeInstanceTypeOfferings_MaxResults5_PagesWithNextTokenFiltersAndRefusesAsEc2Does()
    {
        using var cloud = new SandboxCloudUnderTest();
        var ec2 = cloud.Clients.Ec2(Region);
        var offered = SandboxInstanceTypes.Offered[Region];

        var pages = new List<DescribeInstanceTypeOfferingsResponse>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { LocationType = LocationType.Region, MaxResults = 5, NextToken = token });
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null);
        var everything = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { LocationType = LocationType.Region });
        var filtered = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest
        {
            LocationType = LocationType.Region,
            Filters = [new Filter("instance-type", ["m6i.*", "t3.medium"])],
        });
        var zones = await ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest
        {
            LocationType = LocationType.AvailabilityZone,
            Filters = [new Filter("instance-type", ["m6i.large"])],
        });

        Assert.Equal((offered.Count + 4) / 5, pages.Count);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(5, page.InstanceTypeOfferings.Count));
        Assert.Equal(offered, pages.SelectMany(p => p.InstanceTypeOfferings).Select(o => o.InstanceType.Value));
        Assert.All(pages.SelectMany(p => p.InstanceTypeOfferings), o => Assert.Equal((LocationType.Region, Region), (o.LocationType, o.Location)));
        Assert.Null(everything.NextToken);
        Assert.Equal(offered, everything.InstanceTypeOfferings.Select(o => o.InstanceType.Value));
        Assert.Equal(["m6i.2xlarge", "m6i.4xlarge", "m6i.large", "m6i.xlarge", "t3.medium"], filtered.InstanceTypeOfferings.Select(o => o.InstanceType.Value));
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"], zones.InstanceTypeOfferings.Select(o => o.Location));
        Assert.DoesNotContain("m7a.large", offered);
        Assert.Contains("m7a.large", SandboxInstanceTypes.Offered["us-east-1"]);

        var badLocation = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { LocationType = new LocationType("planet") }));
        var badToken = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { MaxResults = 5, NextToken = "bm90LWEtdG9rZW4=" }));
        var badFilter = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstanceTypeOfferingsAsync(new DescribeInstanceTypeOfferingsRequest { Filters = [new Filter("vpc-id", ["vpc-1"])] }));
        Assert.Equal(("InvalidParameterValue", HttpStatusCode.BadRequest), (badLocation.ErrorCode, badLocation.StatusCode));
        Assert.Contains("planet", badLocation.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidPaginationToken", badToken.ErrorCode);
        Assert.Equal("InvalidParameterValue", badFilter.ErrorCode);
    }

    [Fact]
    public async Task CloudCatalog_SmallPages_EveryOfferedTypeOfEachRegionFromEveryPage()
    {
        using var cloud = new SandboxCloudUnderTest();
        using var source = new CloudCatalogSource(cloud.Clients, cloud.Time) { InstanceTypePageSize = 5 };
        cloud.Cloud.Calls.Reset();

        var catalog = await source.GetAsync(CancellationToken.None);

        foreach (var region in SandboxRegions.All)
        {
            Assert.Equal(SandboxInstanceTypes.Offered[region.Name], catalog.FindRegion(region.Name)!.InstanceTypes);
        }

        var pages = SandboxRegions.All.Sum(r => (SandboxInstanceTypes.Offered[r.Name].Count + 4) / 5);
        Assert.Equal(pages, cloud.Cloud.Calls.Calls("DescribeInstanceTypeOfferings"));
    }

    [Fact]
    public async Task CloudCatalog_TypeWithdrawnFromTheRegion_RefusedAtItsPathNamingTypeAndRegion()
    {
        using var cloud = new SandboxCloudUnderTest();
        using var before = new CloudCatalogSource(cloud.Clients, cloud.Time);
        var spec = WithInstanceTypes(SeedSpecs.Payments("typed"), "m6i.large", "m6i.xlarge");
        var path = "cluster.compute.nodeGroups[0].instanceTypes[1]";

        var offered = SpecCheck(spec, await before.GetAsync(CancellationToken.None));
        cloud.Cloud.WithdrawInstanceType(Region, "m6i.xlarge");
        using var after = new CloudCatalogSource(cloud.Clients, cloud.Time);
        var withdrawn = SpecCheck(spec, await after.GetAsync(CancellationToken.None));

        Assert.True(offered.IsValid, string.Join("; ", offered.Errors.SelectMany(e => e.Value)));
        var error = Assert.Single(Assert.Single(withdrawn.Errors).Value);
        Assert.Equal(path, Assert.Single(withdrawn.Errors).Key);
        Assert.StartsWith("m6i.xlarge is not offered in ap-northeast-2", error, StringComparison.Ordinal);
        Assert.Contains("m6i.large", error, StringComparison.Ordinal);
        Assert.DoesNotContain("m6i.xlarge", (await after.GetAsync(CancellationToken.None)).FindRegion(Region)!.InstanceTypes!);
        Assert.Contains("m6i.xlarge", (await after.GetAsync(CancellationToken.None)).FindRegion("us-east-1")!.InstanceTypes!);
    }

    [Fact]
    public async Task CloudCatalog_OfferingsCallFails_NothingCachedAndTheNextCallAsksAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cloud = new SandboxCloudUnderTest(time: time);
        using var source = new CloudCatalogSource(cloud.Clients, cloud.Time);
        cloud.Cloud.Faults.Set("DescribeInstanceTypeOfferings", new OperationFault(1, "UnauthorizedOperation", HttpStatusCode.Forbidden, "You are not authorized to perform: ec2:DescribeInstanceTypeOfferings."));

        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => source.GetAsync(CancellationToken.None));
        cloud.Cloud.Faults.Clear("DescribeInstanceTypeOfferings");
        cloud.Cloud.Calls.Reset();
        var catalog = await source.GetAsync(CancellationToken.None);
        var asked = cloud.Cloud.Calls.Calls("DescribeInstanceTypeOfferings");
        await source.GetAsync(CancellationToken.None);
        var cached = cloud.Cloud.Calls.Calls("DescribeInstanceTypeOfferings");
        time.Advance(TimeSpan.FromMinutes(11));
        await source.GetAsync(CancellationToken.None);

        Assert.Equal("UnauthorizedOperation", refused.ErrorCode);
        Assert.Contains("m6i.large", catalog.FindRegion(Region)!.InstanceTypes!);
        Assert.Equal(SandboxRegions.All.Count, asked);
        Assert.Equal(asked, cached);
        Assert.Equal(2 * asked, cloud.Cloud.Calls.Calls("DescribeInstanceTypeOfferings"));
    }

    private static ValidationResult SpecCheck(EnvironmentSpec spec, CloudCatalog catalog) =>
        SpecValidator.Validate(SpecDefaults.Apply(spec, catalog, Kund.Infrastructure.Teams.DefaultTeamPolicies.For("team-a", Kund.Infrastructure.Configuration.KundMode.Sandbox)), catalog, DateTimeOffset.UtcNow);

    private static EnvironmentSpec WithInstanceTypes(EnvironmentSpec spec, params string[] types) => spec with
    {
        Cluster = spec.Cluster! with
        {
            Compute = new ComputeSpec
            {
                Mode = ComputeMode.ManagedNodes,
                NodeGroups = [new NodeGroupSpec { Name = "general", InstanceTypes = types, MinSize = 1, DesiredSize = 2, MaxSize = 3 }],
            },
        },
    };
}
