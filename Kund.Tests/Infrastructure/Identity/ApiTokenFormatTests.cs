using Kund.Infrastructure.Identity;

namespace Kund.Tests.Infrastructure.Identity;

public class ApiTokenFormatTests
{
    [Fact]
    public void NewToken_ManyTokens_WellFormedDistinctAndHashedToHex()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => ApiTokenFormat.NewToken()).ToList();

        Assert.All(tokens, t => Assert.True(ApiTokenFormat.IsWellFormed(t)));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{64}$", ApiTokenFormat.Hash(t)));
        Assert.All(tokens, t => Assert.Equal(43, t.Length - ApiTokenFormat.Prefix.Length)); // 32 bytes = 256 bits
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("kund_pat_")]
    [InlineData("ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("kund_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    public void IsWellFormed_Junk_False(string? text) => Assert.False(ApiTokenFormat.IsWellFormed(text));

    [Fact]
    public void Revoke_Twice_KeepsFirstRevocation()
    {
        var now = DateTimeOffset.UnixEpoch;
        var token = ApiToken.Create(Guid.NewGuid(), "t", ApiTokenFormat.NewToken(), now, now.AddDays(1));

        Assert.True(token.IsActiveAt(now));
        Assert.False(token.IsActiveAt(now.AddDays(1)));
        Assert.True(token.Revoke("a@kund.dev", now));
        Assert.False(token.Revoke("b@kund.dev", now.AddHours(1)));
        Assert.Equal("a@kund.dev", token.RevokedBy);
        Assert.False(token.IsActiveAt(now));
    }
}
