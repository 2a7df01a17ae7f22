using CsCheck;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Model;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class SandboxCloudPropertyTests
{
    private const string Region = "eu-west-1";

    [Fact]
    public void CreateSubnet_AnySequenceOfCidrs_KeepsSubnetsInsideVpcAndDisjoint()
    {
        var cidrs = Gen.Select(Gen.Int[14, 28], Gen.Int[0, 255], Gen.Int[0, 255], (prefix, b, c) => $"10.{(prefix < 16 ? 1 : 0)}.{b}.{c}/{prefix}")
            .Select(text => Cidr.TryParse(text, out var cidr) ? cidr.ToString() : "10.0.0.0/24")
            .Array[1, 25];

        cidrs.Sample(sequence =>
        {
            var cloud = new SandboxCloud(new FakeTimeProvider());
            var vpc = cloud.CreateVpc(Region, "10.0.0.0/16", null);
            foreach (var cidr in sequence)
            {
                try
                {
                    cloud.CreateSubnet(Region, vpc.Id, cidr, "eu-west-1a", null);
                }
                catch (SandboxException e) when (e.Code is "InvalidSubnet.Range" or "InvalidSubnet.Conflict")
                {
                }
            }

            var made = cloud.DescribeSubnets(Region).Select(s => Cidr.Parse(s.CidrBlock)).ToList();
            var vpcCidr = Cidr.Parse(vpc.CidrBlock);
            return made.All(vpcCidr.Contains)
                && made.All(a => made.Count(b => a.Overlaps(b)) == 1)
                && made.Count <= sequence.Length;
        });
    }

    [Fact]
    public async Task CreateVpc_ManyConcurrentCallers_AllGetDistinctVpcsWithinQuota()
    {
        var cloud = new SandboxCloud(new SandboxOptions { VpcLimitPerRegion = 40 }, new FakeTimeProvider(), new Kund.Infrastructure.Sandbox.Persistence.InMemorySandboxStateStore());

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
        {
            try
            {
                return cloud.CreateVpc(Region, $"10.{i}.0.0/16", null).Id;
            }
            catch (SandboxException e) when (e.Code == "VpcLimitExceeded")
            {
                return null;
            }
        })));

        Assert.Equal(40, results.Count(id => id is not null));
        Assert.Equal(40, results.Where(id => id is not null).Distinct().Count());
        Assert.Equal(40, cloud.DescribeVpcs(Region).Count);
    }
}
