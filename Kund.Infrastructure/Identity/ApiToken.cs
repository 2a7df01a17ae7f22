namespace Kund.Infrastructure.Identity;

/// <summary>
/// A personal access token. Only its SHA-256 hash is stored; the token itself is shown once, when created.
/// </summary>
public sealed class ApiToken
{
    private ApiToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public UserAccount? User { get; private set; }

    /// <summary>The owner's label, such as <c>ci-pipeline</c>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token text.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The prefix and the first characters, so that an owner can tell tokens apart (not enough to guess one).</summary>
    public string Hint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The email of whoever revoked it.</summary>
    public string? RevokedBy { get; private set; }

    public static ApiToken Create(Guid userId, string name, string token, DateTimeOffset now, DateTimeOffset? expiresAt) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Name = name,
        Hash = ApiTokenFormat.Hash(token),
        Hint = ApiTokenFormat.Hint(token),
        CreatedAt = now,
        ExpiresAt = expiresAt,
    };

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    /// <summary>Revokes the token; a token revoked already keeps its first revocation.</summary>
    /// <returns>Whether this call revoked it.</returns>
    public bool Revoke(string by, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        RevokedBy = by;
        return true;
    }
}
