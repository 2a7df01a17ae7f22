using Kund.Domain.Audit;

namespace Kund.Tests.Domain.Audit;

public class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditKey Key = new(System.Text.Encoding.UTF8.GetBytes("audit-chain-tests/a key of at least 32 bytes"));

    [Fact]
    public void Verify_IntactChain_Valid()
    {
        var rows = Chain(5);

        var result = AuditChain.Verify(Key, rows);

        Assert.Equal(new AuditVerification(true, 5, null), result);
    }

    [Fact]
    public void Verify_ContentAltered_NamesThatRow()
    {
        var rows = Chain(5);
        rows[2] = rows[2] with { Content = rows[2].Content with { Actor = "mallory@kund.dev" } };

        var result = AuditChain.Verify(Key, rows);

        Assert.Equal((false, 3L, 3L), (result.Valid, result.Checked, result.FirstBrokenId));
        Assert.Contains("does not match its hash", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RowRewrittenAndLaterHashesRecomputedWithoutTheKey_NamesTheRewrittenRow()
    {
        var rows = Chain(5);

        // What someone with write access but not the key can do: rewrite a row, recompute every later hash
        // with the published algorithm and a key of their own.
        var guess = new AuditKey(System.Text.Encoding.UTF8.GetBytes("audit-chain-tests/mallory's guess at the key"));
        var previous = rows[1].Hash;
        for (var i = 2; i < rows.Count; i++)
        {
            var content = i == 2 ? rows[i].Content with { Actor = "mallory@kund.dev" } : rows[i].Content;
            var hash = AuditChain.ComputeHash(guess, previous, content);
            rows[i] = new AuditLink(rows[i].Id, content, previous, hash);
            previous = hash;
        }

        var result = AuditChain.Verify(Key, rows);

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBrokenId);
    }

    [Fact]
    public void ComputeHash_AnotherKey_AnotherHash()
    {
        var content = new AuditContent(Start, "a", "x", null, null, null, new Dictionary<string, string?>());
        var other = new AuditKey(System.Text.Encoding.UTF8.GetBytes("audit-chain-tests/another key, also 32 bytes+"));

        Assert.NotEqual(AuditChain.ComputeHash(Key, AuditChain.GenesisHash, content), AuditChain.ComputeHash(other, AuditChain.GenesisHash, content));
    }

    [Fact]
    public void Verify_RowRemoved_NamesTheRowAfterTheGap()
    {
        var rows = Chain(5);
        rows.RemoveAt(1);

        var result = AuditChain.Verify(Key, rows);

        Assert.Equal(3, result.FirstBrokenId);
        Assert.False(result.Valid);
    }

    [Fact]
    public void ComputeHash_DetailsInAnyOrder_SameHash()
    {
        var a = new AuditContent(Start, "a", "x", null, null, null, new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" });
        var b = a with { Details = new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" } };

        Assert.Equal(AuditChain.ComputeHash(Key, AuditChain.GenesisHash, a), AuditChain.ComputeHash(Key, AuditChain.GenesisHash, b));
    }

    [Fact]
    public void ComputeHash_SubMicrosecondDifference_SameHashAsStored()
    {
        var content = new AuditContent(Start.AddTicks(7), "a", "x", null, null, null, new Dictionary<string, string?>());

        Assert.Equal(
            AuditChain.ComputeHash(Key, AuditChain.GenesisHash, content with { At = Start }),
            AuditChain.ComputeHash(Key, AuditChain.GenesisHash, content));
    }

    private static List<AuditLink> Chain(int count)
    {
        var rows = new List<AuditLink>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var content = new AuditContent(Start.AddMinutes(i), $"user{i}@kund.dev", "environment.created", "team-a", Guid.NewGuid(), null, new Dictionary<string, string?>());
            var hash = AuditChain.ComputeHash(Key, previous, content);
            rows.Add(new AuditLink(i, content, previous, hash));
            previous = hash;
        }

        return rows;
    }
}
