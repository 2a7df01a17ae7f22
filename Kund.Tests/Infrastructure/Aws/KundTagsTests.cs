using CsCheck;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Drivers;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class KundTagsTests
{
    private static ResourceContext Context(Guid id, string key) =>
        new(new EnvironmentRef(id, "payments-dev", "ap-northeast-2", new Dictionary<string, string> { ["cost-center"] = "1234", ["kund:resource"] = "spoofed" }),
            new ResourceNode(key, ResourceKind.NatGateway, [], new NatGatewayDesired("ap-northeast-2a", "subnet/public-a", "eip/ap-northeast-2a")),
            new Dictionary<string, CloudResource>());

    [Fact]
    public void For_NodeOfEnvironment_CarriesKundTagsNameAndSpecTags()
    {
        var id = Guid.NewGuid();

        var tags = KundTags.For(Context(id, "rtb/private/ap-northeast-2a"));

        Assert.Equal(id.ToString("D"), tags["kund:environment"]);
        Assert.Equal("rtb/private/ap-northeast-2a", tags["kund:resource"]);
        Assert.Equal("payments-dev-rtb-private-ap-northeast-2a", tags["Name"]);
        Assert.Equal("1234", tags["cost-center"]);
    }

    [Fact]
    public void ClientToken_AnyNode_IsDeterministicAsciiAndAtMost64()
    {
        Gen.Guid.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 120]).Sample((id, key) =>
        {
            var token = KundTags.ClientToken(Context(id, key));
            return token.Length <= 64
                && token.All(char.IsAscii)
                && token == KundTags.ClientToken(Context(id, key))
                && token != KundTags.ClientToken(Context(id, key + "x"));
        });
    }

    [Fact]
    public void AreOurs_OtherEnvironment_IsFalse()
    {
        var context = Context(Guid.NewGuid(), "eks");
        var other = KundTags.For(Context(Guid.NewGuid(), "eks"));

        Assert.True(KundTags.AreOurs(context, KundTags.For(context)));
        Assert.False(KundTags.AreOurs(context, other));
    }
}
