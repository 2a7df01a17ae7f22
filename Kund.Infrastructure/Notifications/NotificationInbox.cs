using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Notifications;

/// <summary>A person's notifications: newest first, the unread count, marking read. Nobody reads or marks another's.</summary>
public sealed class NotificationInbox(KundDbContext db, TimeProvider time)
{
    public const int DefaultLimit = 50;

    public async Task<IReadOnlyList<NotificationView>> ListAsync(KundUser user, int? limit, CancellationToken cancellationToken)
    {
        var recipient = UserAccount.NormalizeEmail(user.Email);
        return await db.Set<Notification>().AsNoTracking()
            .Where(n => n.Recipient == recipient)
            .OrderByDescending(n => n.At).ThenByDescending(n => n.Id)
            .Take(limit ?? DefaultLimit)
            .Select(n => new NotificationView(n.Id, n.Event, n.At, n.Message, n.ReadAt != null, n.ReadAt, new NotificationEnvironment(n.EnvironmentId, n.EnvironmentName, n.Team)))
            .ToListAsync(cancellationToken);
    }

    public Task<int> CountUnreadAsync(KundUser user, CancellationToken cancellationToken)
    {
        var recipient = UserAccount.NormalizeEmail(user.Email);
        return db.Set<Notification>().CountAsync(n => n.Recipient == recipient && n.ReadAt == null, cancellationToken);
    }

    /// <summary>Marks one of the caller's notifications read (again is harmless); null when the caller has none by that id.</summary>
    public async Task<NotificationView?> MarkReadAsync(KundUser user, Guid id, CancellationToken cancellationToken)
    {
        var recipient = UserAccount.NormalizeEmail(user.Email);
        await db.Set<Notification>()
            .Where(n => n.Id == id && n.Recipient == recipient && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, time.GetUtcNow()), cancellationToken);
        return await db.Set<Notification>().AsNoTracking()
            .Where(n => n.Id == id && n.Recipient == recipient)
            .Select(n => new NotificationView(n.Id, n.Event, n.At, n.Message, n.ReadAt != null, n.ReadAt, new NotificationEnvironment(n.EnvironmentId, n.EnvironmentName, n.Team)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Marks every unread notification of the caller read; returns how many.</summary>
    public Task<int> MarkAllReadAsync(KundUser user, CancellationToken cancellationToken)
    {
        var recipient = UserAccount.NormalizeEmail(user.Email);
        return db.Set<Notification>()
            .Where(n => n.Recipient == recipient && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, time.GetUtcNow()), cancellationToken);
    }
}

/// <summary>A notification as the API and the bell show it.</summary>
public sealed record NotificationView(Guid Id, string Event, DateTimeOffset At, string Message, bool Read, DateTimeOffset? ReadAt, NotificationEnvironment Environment);

/// <summary>The environment a notification is about.</summary>
public sealed record NotificationEnvironment(Guid Id, string Name, string Team);
