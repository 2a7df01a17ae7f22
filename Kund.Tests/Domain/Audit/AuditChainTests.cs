using Kund.Domain.Audit;

namespace Kund.Tests.Domain.Audit;

public class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_IntactChain_Valid()
    {
        var rows = Chain(5);

        var result = AuditChain.Verify(rows);

        Assert.Equal(new AuditVerification(true, 5, null), result);
    }

    [Fact]
    public void Verify_ContentAltered_NamesThatRow()
    {
        var rows = Chain(5);
        rows[2] = rows[2] with { Content = rows[2].Content with { Actor = "mallory@kund.dev" } };

        var result = AuditChain.Verify(rows);

        Assert.Equal(new AuditVerification(false, 3, 3), result);
    }

    [Fact]
    public void Verify_RowRemoved_NamesTheRowAfterTheGap()
    {
        var rows = Chain(5);
        rows.RemoveAt(1);

        var result = AuditChain.Verify(rows);

        Assert.Equal(3, result.FirstBrokenId);
        Assert.False(result.Valid);
    }

    [Fact]
    public void ComputeHash_DetailsInAnyOrder_SameHash()
    {
        var a = new AuditContent(Start, "a", "x", null, null, null, new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" });
        var b = a with { Details = new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" } };

        Assert.Equal(AuditChain.ComputeHash(AuditChain.GenesisHash, a), AuditChain.ComputeHash(AuditChain.GenesisHash, b));
    }

    [Fact]
    public void ComputeHash_SubMicrosecondDifference_SameHashAsStored()
    {
        var content = new AuditContent(Start.AddTicks(7), "a", "x", null, null, null, new Dictionary<string, string?>());

        Assert.Equal(
            AuditChain.ComputeHash(AuditChain.GenesisHash, content with { At = Start }),
            AuditChain.ComputeHash(AuditChain.GenesisHash, content));
    }

    private static List<AuditLink> Chain(int count)
    {
        var rows = new List<AuditLink>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var content = new AuditContent(Start.AddMinutes(i), $"user{i}@kund.dev", "environment.created", "team-a", Guid.NewGuid(), null, new Dictionary<string, string?>());
            var hash = AuditChain.ComputeHash(previous, content);
            rows.Add(new AuditLink(i, content, previous, hash));
            previous = hash;
        }

        return rows;
    }
}
