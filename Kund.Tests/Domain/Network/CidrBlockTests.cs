using CsCheck;
using Kund.Domain.Network;

namespace Kund.Tests.Domain.Network;

public class CidrBlockTests
{
    [Theory]
    [InlineData("10.3.0.0/16")]
    [InlineData("0.0.0.0/0")]
    [InlineData("255.255.255.255/32")]
    [InlineData("192.168.10.16/28")]
    public void TryParse_ValidBlock_RoundTripsThroughToString(string text)
    {
        Assert.True(CidrBlock.TryParse(text, out var block));
        Assert.Equal(text, block.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.3.0.0")]
    [InlineData("10.3.0/16")]
    [InlineData("10.3.0.0.0/16")]
    [InlineData("256.0.0.0/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData(" 10.0.0.0/8")]
    [InlineData("010.0.0.0/8")]
    [InlineData("a.b.c.d/8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10..0.0/16")]
    public void TryParse_Malformed_ReturnsFalseWithReason(string? text)
    {
        Assert.False(CidrBlock.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_AddressNotTheNetworkAddress_SaysWhichBlockWasMeant()
    {
        Assert.False(CidrBlock.TryParse("10.3.1.0/16", out _, out var error));
        Assert.Equal("10.3.1.0/16 is not the network address of its block; did you mean 10.3.0.0/16?", error);
        Assert.False(CidrBlock.TryParse("10.3.1.0/16", out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason()
    {
        var exception = Assert.Throws<FormatException>(() => CidrBlock.Parse("10.3.1.0/16"));
        Assert.Contains("did you mean 10.3.0.0/16", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.3.0.0/16", 16, 65_536, 65_531)]
    [InlineData("10.3.0.0/20", 20, 4_096, 4_091)]
    [InlineData("10.3.0.0/28", 28, 16, 11)]
    [InlineData("10.3.0.0/30", 30, 4, 0)]
    [InlineData("10.3.0.1/32", 32, 1, 0)]
    [InlineData("0.0.0.0/0", 0, 4_294_967_296, 4_294_967_291)]
    public void AddressCounts_ByPrefix_AwsReservesFive(string text, int prefix, long addresses, long usable)
    {
        var block = CidrBlock.Parse(text);
        Assert.Equal(prefix, block.PrefixLength);
        Assert.Equal(addresses, block.AddressCount);
        Assert.Equal(usable, block.UsableAddressCount);
    }

    [Theory]
    [InlineData("10.3.0.0/16", "10.3.16.0/20", true)]
    [InlineData("10.3.0.0/16", "10.3.0.0/16", true)]
    [InlineData("10.3.0.0/16", "10.4.0.0/20", false)]
    [InlineData("10.3.0.0/16", "10.2.0.0/15", false)]
    [InlineData("0.0.0.0/0", "192.168.1.0/24", true)]
    public void Contains_Block_TrueOnlyWhenEveryAddressIsInside(string outer, string inner, bool expected) =>
        Assert.Equal(expected, CidrBlock.Parse(outer).Contains(CidrBlock.Parse(inner)));

    [Theory]
    [InlineData("10.3.0.0/20", "10.3.16.0/20", false)]
    [InlineData("10.3.0.0/20", "10.3.8.0/24", true)]
    [InlineData("10.3.8.0/24", "10.3.0.0/20", true)]
    [InlineData("10.3.0.0/20", "10.3.0.0/20", true)]
    [InlineData("10.3.15.240/28", "10.3.16.0/28", false)]
    public void Overlaps_Blocks_IsSymmetricAndExact(string a, string b, bool expected)
    {
        Assert.Equal(expected, CidrBlock.Parse(a).Overlaps(CidrBlock.Parse(b)));
        Assert.Equal(expected, CidrBlock.Parse(b).Overlaps(CidrBlock.Parse(a)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("10.200.0.0/16", true)]
    [InlineData("172.16.0.0/12", true)]
    [InlineData("172.31.255.0/24", true)]
    [InlineData("172.32.0.0/16", false)]
    [InlineData("192.168.0.0/16", true)]
    [InlineData("192.169.0.0/16", false)]
    [InlineData("8.8.8.0/24", false)]
    [InlineData("0.0.0.0/0", false)]
    [InlineData("10.0.0.0/7", false)]
    public void IsPrivate_Block_TrueOnlyInsideRfc1918(string text, bool expected) =>
        Assert.Equal(expected, CidrBlock.Parse(text).IsPrivate);

    [Fact]
    public void Split_Slash16IntoSlash20_SixteenBlocksInAddressOrder()
    {
        var blocks = CidrBlock.Parse("10.3.0.0/16").Split(20).ToList();

        Assert.Equal(16, blocks.Count);
        Assert.Equal("10.3.0.0/20", blocks[0].ToString());
        Assert.Equal("10.3.16.0/20", blocks[1].ToString());
        Assert.Equal("10.3.240.0/20", blocks[15].ToString());
    }

    [Fact]
    public void SubBlock_Index_IsTheNthBlockOfThatSize()
    {
        var vpc = CidrBlock.Parse("10.3.0.0/16");

        Assert.Equal(CidrBlock.Parse("10.3.48.0/20"), vpc.SubBlock(20, 3));
        Assert.Equal(vpc, vpc.SubBlock(16, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => vpc.SubBlock(20, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => vpc.SubBlock(15, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => vpc.Split(33));
    }

    [Fact]
    public void Create_HostBitsSet_Throws()
    {
        Assert.Equal("10.3.0.0/16", CidrBlock.Create(0x0A030000u, 16).ToString());
        Assert.Throws<ArgumentException>(() => CidrBlock.Create(0x0A030100u, 16));
    }

    [Fact]
    public void Equality_SameBlock_EqualAndOrderedByAddress()
    {
        Assert.Equal(CidrBlock.Parse("10.3.0.0/16"), CidrBlock.Parse("10.3.0.0/16"));
        Assert.NotEqual(CidrBlock.Parse("10.3.0.0/16"), CidrBlock.Parse("10.3.0.0/17"));
        Assert.True(CidrBlock.Parse("10.3.0.0/16") < CidrBlock.Parse("10.3.0.0/17"));
        Assert.True(CidrBlock.Parse("10.2.0.0/16") < CidrBlock.Parse("10.3.0.0/16"));
    }

    private static readonly Gen<CidrBlock> AnyBlock =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], (address, prefix) =>
            CidrBlock.Create(prefix == 0 ? 0u : address & (uint.MaxValue << (32 - prefix)), prefix));

    [Fact]
    public void ToString_AnyBlock_ParsesBackToTheSameBlock() =>
        AnyBlock.Sample(block => CidrBlock.Parse(block.ToString()) == block);

    [Fact]
    public void Split_AnyBlock_PartsAreInsideDisjointAndCoverIt() =>
        Gen.Select(AnyBlock.Where(block => block.PrefixLength <= 30), Gen.Int[0, 2]).Sample((block, extra) =>
        {
            var parts = block.Split(block.PrefixLength + extra).ToList();
            Assert.Equal(1 << extra, parts.Count);
            Assert.All(parts, part => Assert.True(block.Contains(part)));
            Assert.Equal(block.AddressCount, parts.Sum(part => part.AddressCount));
            for (var i = 1; i < parts.Count; i++)
            {
                Assert.False(parts[i - 1].Overlaps(parts[i]));
            }
        });
}
