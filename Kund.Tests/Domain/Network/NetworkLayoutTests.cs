using CsCheck;
using Kund.Domain.Network;
using Kund.Domain.Specs;

namespace Kund.Tests.Domain.Network;

public class NetworkLayoutTests
{
    private static readonly string[] SeoulZones = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];

    [Fact]
    public void Default_SeedVpc_FourSlash20sInOrderWith4091UsableEach()
    {
        var subnets = NetworkLayout.Default(CidrBlock.Parse("10.3.0.0/16"), SeoulZones)!;

        Assert.Equal(["public-a", "public-b", "private-a", "private-b"], subnets.Select(subnet => subnet.Name));
        Assert.Equal(["10.3.0.0/20", "10.3.16.0/20", "10.3.32.0/20", "10.3.48.0/20"], subnets.Select(subnet => subnet.Cidr));
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2a", "ap-northeast-2b"], subnets.Select(subnet => subnet.AvailabilityZone));
        Assert.Equal([SubnetTier.Public, SubnetTier.Public, SubnetTier.Private, SubnetTier.Private], subnets.Select(subnet => subnet.Tier));
        Assert.All(subnets, subnet => Assert.Equal(4_091, CidrBlock.Parse(subnet.Cidr).UsableAddressCount));
    }

    [Theory]
    [InlineData("10.0.0.0/16", 20)]
    [InlineData("10.0.0.0/20", 24)]
    [InlineData("10.0.0.0/24", 28)]
    [InlineData("10.0.0.0/25", 28)]
    [InlineData("10.0.0.0/26", 28)]
    public void DefaultSubnetPrefixLength_Vpc_IsPrefixPlusFourAtMost28(string vpc, int expected)
    {
        Assert.Equal(expected, NetworkLayout.DefaultSubnetPrefixLength(CidrBlock.Parse(vpc)));
        Assert.NotNull(NetworkLayout.Default(CidrBlock.Parse(vpc), SeoulZones));
    }

    [Theory]
    [InlineData("10.0.0.0/27")]
    [InlineData("10.0.0.0/28")]
    public void Default_VpcTooSmallForFourSlash28s_IsNull(string vpc) =>
        Assert.Null(NetworkLayout.Default(CidrBlock.Parse(vpc), SeoulZones));

    [Fact]
    public void Default_OneZone_IsNull() =>
        Assert.Null(NetworkLayout.Default(CidrBlock.Parse("10.0.0.0/16"), ["ap-northeast-2a"]));

    [Fact]
    public void Default_ZonesCAndD_NamesTakeTheZoneLetter()
    {
        var subnets = NetworkLayout.Default(CidrBlock.Parse("10.0.0.0/16"), ["eu-west-1c", "eu-west-1d"])!;

        Assert.Equal(["public-c", "public-d", "private-c", "private-d"], subnets.Select(subnet => subnet.Name));
    }

    [Fact]
    public void NextFreeBlock_AfterDefaultLayout_IsTheFifthSlash20()
    {
        var vpc = CidrBlock.Parse("10.3.0.0/16");
        var existing = NetworkLayout.Default(vpc, SeoulZones)!.Select(subnet => CidrBlock.Parse(subnet.Cidr));

        Assert.Equal(CidrBlock.Parse("10.3.64.0/20"), NetworkLayout.NextFreeBlock(vpc, existing, 20));
    }

    [Fact]
    public void NextFreeBlock_GapSmallerThanWanted_SkipsToNextAlignedBlock()
    {
        var vpc = CidrBlock.Parse("10.3.0.0/16");
        CidrBlock[] existing = [CidrBlock.Parse("10.3.0.0/24"), CidrBlock.Parse("10.3.17.0/24")];

        Assert.Equal(CidrBlock.Parse("10.3.32.0/20"), NetworkLayout.NextFreeBlock(vpc, existing, 20));
        Assert.Equal(CidrBlock.Parse("10.3.1.0/24"), NetworkLayout.NextFreeBlock(vpc, existing, 24));
    }

    [Fact]
    public void NextFreeBlock_VpcFull_IsNull()
    {
        var vpc = CidrBlock.Parse("10.3.0.0/24");

        Assert.Null(NetworkLayout.NextFreeBlock(vpc, [CidrBlock.Parse("10.3.0.0/25"), CidrBlock.Parse("10.3.0.128/25")], 28));
        Assert.Null(NetworkLayout.NextFreeBlock(vpc, [], 23));
    }

    [Fact]
    public void NextFreeBlock_ExistingOutsideVpc_IsIgnored() =>
        Assert.Equal(
            CidrBlock.Parse("10.3.0.0/20"),
            NetworkLayout.NextFreeBlock(CidrBlock.Parse("10.3.0.0/16"), [CidrBlock.Parse("10.4.0.0/20")], 20));

    private static readonly Gen<CidrBlock> PrivateVpc =
        Gen.Select(Gen.Int[0, 2], Gen.UInt, Gen.Int[16, 24], (range, bits, prefix) =>
        {
            var outer = CidrBlock.PrivateAddressRanges[range];
            var start = outer.NetworkAddress | (bits & ~(uint.MaxValue << (32 - outer.PrefixLength)));
            return CidrBlock.Create(start & (uint.MaxValue << (32 - prefix)), prefix);
        });

    [Fact]
    public void Default_AnyVpcSlash16ToSlash24_InsideVpcAndNoOverlap() =>
        PrivateVpc.Sample(vpc =>
        {
            var blocks = NetworkLayout.Default(vpc, SeoulZones)!.Select(subnet => CidrBlock.Parse(subnet.Cidr)).ToList();
            Assert.Equal(4, blocks.Count);
            Assert.All(blocks, block => Assert.True(vpc.Contains(block), $"{block} outside {vpc}"));
            Assert.All(blocks, block => Assert.Equal(NetworkLayout.DefaultSubnetPrefixLength(vpc), block.PrefixLength));
            for (var i = 0; i < blocks.Count; i++)
            {
                for (var j = i + 1; j < blocks.Count; j++)
                {
                    Assert.False(blocks[i].Overlaps(blocks[j]), $"{blocks[i]} overlaps {blocks[j]}");
                }
            }
        });

    // Random subnets of random sizes inside a VPC small enough to check every candidate block by brute force.
    private static readonly Gen<(CidrBlock Vpc, CidrBlock[] Existing, int Prefix)> VpcWithSubnets =
        from vpc in PrivateVpc.Select(vpc => CidrBlock.Create(vpc.NetworkAddress, Math.Max(vpc.PrefixLength, 20)))
        from existing in Gen.Select(Gen.Int[vpc.PrefixLength, 28], Gen.Long)
            .Select((prefix, pick) => vpc.SubBlock(prefix, Math.Abs(pick % vpc.CountSubBlocks(prefix))))
            .Array[0, 12]
        from prefix in Gen.Int[vpc.PrefixLength - 1, 28]
        select (vpc, existing, prefix);

    [Fact]
    public void NextFreeBlock_AnyExistingSubnets_FreeInsideVpcAndTheFirstSuch() =>
        VpcWithSubnets.Sample(sample =>
        {
            var (vpc, existing, prefix) = sample;
            var found = NetworkLayout.NextFreeBlock(vpc, existing, prefix);
            var firstFree = prefix < vpc.PrefixLength
                ? (CidrBlock?)null
                : vpc.Split(prefix).Where(block => !existing.Any(block.Overlaps)).Select(block => (CidrBlock?)block).FirstOrDefault();

            Assert.Equal(firstFree, found);
            if (found is { } block)
            {
                Assert.True(vpc.Contains(block));
                Assert.DoesNotContain(existing, other => other.Overlaps(block));
            }
        });
}
