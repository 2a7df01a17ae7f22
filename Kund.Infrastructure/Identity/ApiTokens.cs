using System.Text.Json.Serialization;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Identity;

/// <summary>
/// Personal access tokens: created (shown once), authenticated by hash, listed without secrets, revoked.
/// Creation and revocation are audit events.
/// </summary>
public sealed class ApiTokens(KundDbContext db, IAuditTrail audit, TokenRevocations revocations, TimeProvider time)
{
    public const int MaxNameLength = 100;

    public const int MaxExpiresInDays = 3650;

    /// <summary>Last-used times are written at most this often per token, so that a busy CI token costs no write per call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token for <paramref name="owner"/>; the returned text is the only time it exists outside its owner's hands.</summary>
    /// <param name="owner">Whose token it is.</param>
    /// <param name="actor">Who creates it (the owner, or <c>cli</c> for the token command).</param>
    /// <param name="name">A label; defaults to <c>token</c>.</param>
    /// <param name="expiresInDays">1 to <see cref="MaxExpiresInDays"/>, or null for a token that does not expire.</param>
    /// <exception cref="ArgumentException">The name is too long or the expiry out of range.</exception>
    public async Task<CreatedApiToken> CreateAsync(
        KundUser owner, string actor, string? name, int? expiresInDays, CancellationToken cancellationToken)
    {
        var label = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim();
        if (label.Length > MaxNameLength || label.Any(char.IsControl))
        {
            throw new ArgumentException($"The token name must be at most {MaxNameLength} printable characters.", nameof(name));
        }

        if (expiresInDays is < 1 or > MaxExpiresInDays)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresInDays), expiresInDays, $"Expiry must be between 1 and {MaxExpiresInDays} days.");
        }

        var now = time.GetUtcNow();
        var text = ApiTokenFormat.NewToken();
        var token = ApiToken.Create(owner.Id, label, text, now, expiresInDays is { } days ? now.AddDays(days) : null);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(token);
        await audit.RecordAsync(db, new AuditEntry(actor, AuditActions.TokenCreated, Subject: $"{owner.Email}/{label}", Details: Facts(token)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedApiToken(token.Id, text, label, token.ExpiresAt);
    }

    /// <summary>The token and the user it stands for, when it is well-formed, known, not expired and not revoked.</summary>
    public async Task<AuthenticatedToken?> AuthenticateAsync(string text, CancellationToken cancellationToken)
    {
        if (!ApiTokenFormat.IsWellFormed(text))
        {
            return null;
        }

        var hash = ApiTokenFormat.Hash(text);
        var token = await db.Set<ApiToken>().Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token?.User is null || !token.IsActiveAt(now))
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUsedResolution)
        {
            // One conditional UPDATE: concurrent requests on any node write it once per resolution.
            var before = now - LastUsedResolution;
            await db.Set<ApiToken>()
                .Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= before))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new AuthenticatedToken(token.Id, KundUser.FromAccount(token.User));
    }

    /// <summary>Which of <paramref name="ids"/> no longer open anything: revoked, expired or gone.</summary>
    public async Task<IReadOnlySet<Guid>> InactiveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = await db.Set<ApiToken>()
            .Where(t => ids.Contains(t.Id) && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        return ids.Except(active).ToHashSet();
    }

    /// <summary>The tokens of <paramref name="owner"/>, newest first, without secrets.</summary>
    public Task<List<ApiTokenView>> ListAsync(KundUser owner, CancellationToken cancellationToken) =>
        Views(db.Set<ApiToken>().Where(t => t.UserId == owner.Id), cancellationToken);

    /// <summary>Everyone's tokens, newest first; for admins.</summary>
    public Task<List<ApiTokenView>> ListAllAsync(CancellationToken cancellationToken) =>
        Views(db.Set<ApiToken>(), cancellationToken);

    /// <summary>Revokes a token of the actor's own, or anyone's when the actor is an admin.</summary>
    /// <returns>False when there is no such token the actor may see (report 404).</returns>
    public async Task<bool> RevokeAsync(Guid id, KundUser actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await db.Set<ApiToken>().Include(t => t.User)
            .Where(t => t.Id == id && (actor.IsAdmin || t.UserId == actor.Id))
            .FirstOrDefaultAsync(cancellationToken);
        if (token is null)
        {
            return false;
        }

        if (token.Revoke(actor.Email, time.GetUtcNow()))
        {
            await audit.RecordAsync(db, new AuditEntry(actor.Email, AuditActions.TokenRevoked, Subject: $"{token.User!.Email}/{token.Name}", Details: Facts(token)), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            revocations.Publish(token.Id);
        }

        return true;
    }

    private static Dictionary<string, string?> Facts(ApiToken token) => new()
    {
        ["tokenId"] = token.Id.ToString(),
        ["hint"] = token.Hint,
        ["expiresAt"] = token.ExpiresAt?.ToString("O"),
    };

    private async Task<List<ApiTokenView>> Views(IQueryable<ApiToken> tokens, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await tokens.OrderByDescending(t => t.CreatedAt)
            .Select(t => new { t.Id, t.User!.Email, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedBy })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(t => new ApiTokenView(
            t.Id, t.Email, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedBy,
            t.RevokedAt is not null ? ApiTokenStatus.Revoked : t.ExpiresAt <= now ? ApiTokenStatus.Expired : ApiTokenStatus.Active));
    }
}

/// <summary>A token that authenticated a request, and whose it is.</summary>
public sealed record AuthenticatedToken(Guid Id, KundUser User);

/// <summary>A token just created: <see cref="Token"/> is shown once and never stored.</summary>
public sealed record CreatedApiToken(Guid Id, string Token, string Name, DateTimeOffset? ExpiresAt);

/// <summary>What a token list shows: everything but the secret.</summary>
public sealed record ApiTokenView(
    Guid Id,
    string Owner,
    string Name,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    ApiTokenStatus Status);

/// <summary>Whether a token still opens the API.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApiTokenStatus>))]
public enum ApiTokenStatus
{
    Active,
    Expired,
    Revoked,
}
