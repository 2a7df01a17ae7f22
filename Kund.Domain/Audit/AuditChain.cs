using System.Text.Json;

namespace Kund.Domain.Audit;

/// <summary>The content of one audit row that its hash covers.</summary>
public sealed record AuditContent(
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Team,
    Guid? EnvironmentId,
    string? Subject,
    IReadOnlyDictionary<string, string?> Details);

/// <summary>An audit row as stored: its content, the previous row's hash and its own.</summary>
public sealed record AuditLink(long Id, AuditContent Content, string PreviousHash, string Hash);

/// <summary>
/// The outcome of walking the chain: how many rows it holds (<paramref name="Checked"/>), and when it does
/// not hold, the first row that breaks it and why.
/// </summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenId, string? Reason = null);

/// <summary>
/// Each audit row stores HMAC-SHA-256, keyed with the <see cref="AuditKey"/>, over its content and the
/// previous row's hash, so altering, removing or reordering any row breaks every hash after it, and
/// without the key nobody can recompute them. The first row links to <see cref="GenesisHash"/>.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>PostgreSQL keeps microseconds; hashing a finer instant would never verify after a round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    public static string ComputeHash(AuditKey key, string previousHash, AuditContent content) =>
        key.Mac(Canonicalize(previousHash, content));

    /// <summary>Walks rows in id order; stops at the first row whose link or hash does not hold.</summary>
    public static AuditVerification Verify(AuditKey key, IEnumerable<AuditLink> rowsInOrder)
    {
        var expectedPrevious = GenesisHash;
        long count = 0;
        foreach (var row in rowsInOrder)
        {
            count++;
            if (Breaks(key, row, expectedPrevious) is { } reason)
            {
                return new AuditVerification(false, count, row.Id, reason);
            }

            expectedPrevious = row.Hash;
        }

        return new AuditVerification(true, count, null);
    }

    /// <summary>Why <paramref name="row"/> does not extend a chain whose head hash is <paramref name="expectedPrevious"/>, or null when it does.</summary>
    public static string? Breaks(AuditKey key, AuditLink row, string expectedPrevious)
    {
        if (row.PreviousHash != expectedPrevious)
        {
            return $"row {row.Id} does not link to the row before it: a row before it was removed, altered or reordered";
        }

        return row.Hash != ComputeHash(key, row.PreviousHash, row.Content)
            ? $"row {row.Id} does not match its hash: its content was altered, or the hash was computed without Kund's audit key"
            : null;
    }

    /// <summary>The signature of a checkpoint: the chain held <paramref name="count"/> rows up to <paramref name="headId"/>, whose hash was <paramref name="headHash"/>.</summary>
    public static string SignCheckpoint(AuditKey key, long headId, string headHash, long count, DateTimeOffset at) =>
        key.Mac(System.Text.Encoding.UTF8.GetBytes(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"kund-audit-checkpoint/v1|{headId}|{headHash}|{count}|{Truncate(at).UtcTicks}")));

    private static byte[] Canonicalize(string previousHash, AuditContent content)
    {
        // A fixed field order and sorted detail keys: the same content always gives the same bytes.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("prev", previousHash);
            json.WriteString("at", Truncate(content.At).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("actor", content.Actor);
            json.WriteString("action", content.Action);
            json.WriteString("team", content.Team);
            json.WriteString("environmentId", content.EnvironmentId?.ToString("D"));
            json.WriteString("subject", content.Subject);
            json.WriteStartObject("details");
            foreach (var (key, value) in content.Details.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
