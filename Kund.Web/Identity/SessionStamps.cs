using System.Collections.Concurrent;
using System.Security.Claims;
using Kund.Infrastructure.Identity;

namespace Kund.Web.Identity;

/// <summary>
/// The users' security stamps as this node last read them, kept for <see cref="CacheFor"/> so that a page
/// with many requests costs one read. Sign-out on this node forgets the stamp at once; other nodes see the
/// new one within <see cref="CacheFor"/>.
/// </summary>
public sealed class SessionStamps(TimeProvider time)
{
    /// <summary>The claim a session principal carries its stamp in.</summary>
    public const string ClaimType = "kund:stamp";

    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, (string? Stamp, DateTimeOffset ReadAt)> cache = new();

    /// <summary>A cookie principal for <paramref name="user"/> holding <paramref name="stamp"/>.</summary>
    public static ClaimsPrincipal Principal(KundUser user, string stamp)
    {
        var principal = user.ToPrincipal(KundSchemes.Cookie);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimType, stamp));
        return principal;
    }

    /// <summary>The cookie principal for a user who has just signed in, with their current stamp.</summary>
    public async Task<ClaimsPrincipal> SignInPrincipalAsync(KundUser user, UserDirectory users, CancellationToken cancellationToken)
    {
        Forget(user.Id);
        var stamp = await CurrentAsync(user.Id, users, cancellationToken) ?? throw new InvalidOperationException($"User {user.Id} vanished while signing in.");
        return Principal(user, stamp);
    }

    /// <summary>Whether <paramref name="principal"/> is a session of a user that still exists and has not signed out since.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal? principal, UserDirectory users, CancellationToken cancellationToken) =>
        KundUser.FromPrincipal(principal) is { } user &&
        principal!.FindFirst(ClaimType)?.Value is { Length: > 0 } stamp &&
        string.Equals(await CurrentAsync(user.Id, users, cancellationToken), stamp, StringComparison.Ordinal);

    public void Forget(Guid userId) => cache.TryRemove(userId, out _);

    private async Task<string?> CurrentAsync(Guid userId, UserDirectory users, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(userId, out var cached) && now - cached.ReadAt < CacheFor && now >= cached.ReadAt)
        {
            return cached.Stamp;
        }

        var stamp = await users.SecurityStampAsync(userId, cancellationToken);
        cache[userId] = (stamp, now);
        return stamp;
    }
}
