using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Notifications;

/// <summary>
/// Turns an event into the rows that tell people and systems: a notification per recipient and a delivery
/// per subscribed webhook of the team. Joins the caller's transaction, so they exist exactly when the event
/// committed; sending is the <see cref="WebhookSender"/>'s, never the transaction's.
/// </summary>
public sealed class EventOutbox(TimeProvider time)
{
    /// <summary>
    /// Records <paramref name="event"/> about <paramref name="environment"/>. Approvers hear of a submitted
    /// request (not its authors); everything else goes to <paramref name="requester"/> and the team's members.
    /// Whoever caused it is not told what they did.
    /// </summary>
    public async Task RecordAsync(
        KundDbContext db,
        string @event,
        TeamEnvironment environment,
        string actor,
        string message,
        string? requester = null,
        int? revision = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var team = environment.Team;
        var recipients = KundEvents.IsForApprovers(@event)
            ? await db.Set<UserAccount>().AsNoTracking().Where(u => u.Roles.Contains(KundRoles.Approver)).Select(u => u.Email).ToListAsync(cancellationToken)
            : await db.Set<UserAccount>().AsNoTracking().Where(u => u.Memberships.Any(m => m.Team == team)).Select(u => u.Email).ToListAsync(cancellationToken);
        if (!KundEvents.IsForApprovers(@event))
        {
            recipients.Add(requester ?? environment.RequestedBy);
        }

        var excluded = new HashSet<string>(KundEvents.IsForApprovers(@event) ? environment.Authors : [], StringComparer.OrdinalIgnoreCase) { actor };
        AddNotifications(db, recipients, excluded, @event, environment, message, now);

        var hooks = await db.Set<Webhook>().AsNoTracking().Where(w => w.Team == team && w.Events.Contains(@event)).Select(w => w.Id).ToListAsync(cancellationToken);
        if (hooks.Count > 0)
        {
            var eventId = Guid.CreateVersion7(now);
            var body = Body(eventId, @event, now, environment, revision ?? environment.Revision);
            foreach (var hook in hooks)
            {
                db.Add(new WebhookDelivery
                {
                    EventId = eventId,
                    WebhookId = hook,
                    Team = team,
                    Event = @event,
                    EnvironmentId = environment.Id,
                    Body = body,
                    Status = WebhookDeliveryStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Notifications alone, no webhook delivery: an extension request (<see cref="KundEvents.ExtensionRequested"/>
    /// to approvers, its answer to <paramref name="requester"/>). Whoever caused it is not told what they did.
    /// </summary>
    public async Task NotifyAsync(KundDbContext db, string @event, TeamEnvironment environment, string actor, string message, string? requester, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recipients = requester is null
            ? await db.Set<UserAccount>().AsNoTracking().Where(u => u.Roles.Contains(KundRoles.Approver)).Select(u => u.Email).ToListAsync(cancellationToken)
            : [requester];
        AddNotifications(db, recipients, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { actor }, @event, environment, message, now);

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One notification per distinct recipient not in <paramref name="excluded"/>, the message cut to 500 characters.</summary>
    private static void AddNotifications(KundDbContext db, IEnumerable<string> recipients, HashSet<string> excluded, string @event, TeamEnvironment environment, string message, DateTimeOffset now)
    {
        var line = message.Length > 500 ? message[..499] + "…" : message;
        foreach (var recipient in recipients.Select(UserAccount.NormalizeEmail).Distinct(StringComparer.Ordinal).Where(r => !excluded.Contains(r)))
        {
            db.Add(new Notification
            {
                Id = Guid.CreateVersion7(now),
                Recipient = recipient,
                Event = @event,
                EnvironmentId = environment.Id,
                EnvironmentName = environment.Name,
                Team = environment.Team,
                Message = line,
                At = now,
            });
        }
    }

    /// <summary>api.md's delivery body: <c>{ "id", "event", "at", "environment": { "id", "name", "team", "status" }, "revision" }</c>.</summary>
    public static string Body(Guid id, string @event, DateTimeOffset at, TeamEnvironment environment, int revision) =>
        JsonSerializer.Serialize(
            new DeliveryBody(id, @event, at, new DeliveryEnvironment(environment.Id, environment.Name, environment.Team, environment.Status.ToString()), revision),
            KundJson.Options);

    private sealed record DeliveryBody(Guid Id, string Event, DateTimeOffset At, DeliveryEnvironment Environment, int Revision);

    private sealed record DeliveryEnvironment(Guid Id, string Name, string Team, string Status);
}
