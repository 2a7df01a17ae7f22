using System.Collections.Concurrent;
using Kund.Infrastructure.Identity;
using Kund.Web.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Kund.Web.Hubs;

/// <summary>
/// The hub connections open on this node and the credential each was opened with (a token's id, or a
/// session's user and stamp), so that revoking a token or signing out closes them: at once on this node,
/// and on every node at the next <see cref="HubCredentialRecheck"/>.
/// </summary>
public sealed class HubConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> open = new(StringComparer.Ordinal);
    private readonly TokenRevocations revocations;

    public HubConnections(TokenRevocations revocations)
    {
        this.revocations = revocations;
        revocations.Revoked += CloseToken;
    }

    public int Count => open.Count;

    public void Opened(HubCallerContext context)
    {
        var tokenId = Guid.TryParse(context.User?.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaimType)?.Value, out var id) ? id : (Guid?)null;
        open[context.ConnectionId] = new Entry(context, tokenId, KundUser.FromPrincipal(context.User)?.Id);
    }

    public void Closed(string connectionId) => open.TryRemove(connectionId, out _);

    /// <summary>Closes the connections opened with token <paramref name="tokenId"/>.</summary>
    public void CloseToken(Guid tokenId) => Close(e => e.TokenId == tokenId);

    /// <summary>Closes the connections <paramref name="userId"/> opened with the session cookie.</summary>
    public void CloseSessions(Guid userId) => Close(e => e.TokenId is null && e.UserId == userId);

    /// <summary>Checks every open connection's credential again and closes those that no longer hold.</summary>
    public async Task RecheckAsync(ApiTokens tokens, UserDirectory users, SessionStamps stamps, CancellationToken cancellationToken)
    {
        var entries = open.Values.ToList();
        var tokenIds = entries.Select(e => e.TokenId).OfType<Guid>().Distinct().ToList();
        var inactive = tokenIds.Count == 0 ? new HashSet<Guid>() : await tokens.InactiveAsync(tokenIds, cancellationToken);
        foreach (var entry in entries)
        {
            var holds = entry.TokenId is { } tokenId
                ? !inactive.Contains(tokenId)
                : await stamps.IsCurrentAsync(entry.Context.User, users, cancellationToken);
            if (!holds)
            {
                entry.Context.Abort();
            }
        }
    }

    public void Dispose() => revocations.Revoked -= CloseToken;

    private void Close(Func<Entry, bool> which)
    {
        foreach (var entry in open.Values.Where(which))
        {
            entry.Context.Abort();
        }
    }

    private sealed record Entry(HubCallerContext Context, Guid? TokenId, Guid? UserId);
}
