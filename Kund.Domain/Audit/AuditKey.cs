using System.Security.Cryptography;

namespace Kund.Domain.Audit;

/// <summary>
/// The secret the audit chain and its checkpoints are keyed with. Kept outside the database, so someone
/// who can write the tables still cannot compute a hash or a signature that verifies.
/// </summary>
public sealed class AuditKey
{
    public const int MinimumBytes = 32;

    private readonly byte[] key;

    public AuditKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"An audit key needs at least {MinimumBytes} bytes; this one has {key.Length}.", nameof(key));
        }

        this.key = [.. key];
    }

    public string Mac(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
}
