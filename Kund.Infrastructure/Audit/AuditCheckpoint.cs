namespace Kund.Infrastructure.Audit;

/// <summary>
/// A signed statement "the chain held <see cref="Count"/> rows up to <see cref="HeadId"/>, whose hash was
/// <see cref="HeadHash"/>". Signed with the audit key, which the database never sees, so a truncated tail
/// or a rewritten chain cannot be made to agree with it. Append-only, like the rows it anchors.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public long HeadId { get; private set; }

    public string HeadHash { get; private set; } = "";

    public long Count { get; private set; }

    /// <summary><c>interval</c> or <c>verify</c>: what recorded it.</summary>
    public string Reason { get; private set; } = "";

    public string Signature { get; private set; } = "";

    internal static AuditCheckpoint Create(DateTimeOffset at, long headId, string headHash, long count, string reason, string signature) => new()
    {
        At = at,
        HeadId = headId,
        HeadHash = headHash,
        Count = count,
        Reason = reason,
        Signature = signature,
    };

    internal static AuditCheckpoint Read(long id, DateTimeOffset at, long headId, string headHash, long count, string reason, string signature)
    {
        var checkpoint = Create(at, headId, headHash, count, reason, signature);
        checkpoint.Id = id;
        return checkpoint;
    }
}
