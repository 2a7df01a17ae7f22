using System.Security.Cryptography;
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

/// <summary>The outcome of walking the chain.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenId);

/// <summary>
/// Each audit row stores SHA-256 over its content and the previous row's hash, so altering, removing or
/// reordering any row breaks every hash after it. The first row links to <see cref="GenesisHash"/>.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>PostgreSQL keeps microseconds; hashing a finer instant would never verify after a round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    public static string ComputeHash(string previousHash, AuditContent content)
    {
        var canonical = Canonicalize(previousHash, content);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>Walks rows in id order; stops at the first row whose link or hash does not hold.</summary>
    public static AuditVerification Verify(IEnumerable<AuditLink> rowsInOrder)
    {
        var expectedPrevious = GenesisHash;
        long count = 0;
        foreach (var row in rowsInOrder)
        {
            count++;
            if (!Holds(row, ref expectedPrevious))
            {
                return new AuditVerification(false, count, row.Id);
            }
        }

        return new AuditVerification(true, count, null);
    }

    /// <summary>As <see cref="Verify(IEnumerable{AuditLink})"/>, over rows streamed from storage.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditLink> rowsInOrder, CancellationToken cancellationToken = default)
    {
        var expectedPrevious = GenesisHash;
        long count = 0;
        await foreach (var row in rowsInOrder.WithCancellation(cancellationToken))
        {
            count++;
            if (!Holds(row, ref expectedPrevious))
            {
                return new AuditVerification(false, count, row.Id);
            }
        }

        return new AuditVerification(true, count, null);
    }

    private static bool Holds(AuditLink row, ref string expectedPrevious)
    {
        if (row.PreviousHash != expectedPrevious || row.Hash != ComputeHash(row.PreviousHash, row.Content))
        {
            return false;
        }

        expectedPrevious = row.Hash;
        return true;
    }

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
