using System.Globalization;
using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>Expiry: pushing an environment's <c>expiresAt</c> out.</summary>
public sealed partial class EnvironmentLifecycle
{
    /// <summary>
    /// Moves the expiry to <paramref name="until"/>, audited as <c>environment.extended</c>;
    /// <paramref name="beyondPolicy"/> records an approver's extension past the team's maximum.
    /// </summary>
    public Task<TeamEnvironment> ExtendAsync(KundDbContext db, KundUser user, Guid id, DateTimeOffset until, bool beyondPolicy, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadVisibleAsync(db, user, id, cancellationToken), environment =>
        {
            if (!user.CanApprove)
            {
                RequireMember(user, environment.Team);
            }

            environment.Extend(until, time.GetUtcNow());
            var at = until.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return Task.FromResult(new Step(
                user.Email,
                beyondPolicy ? $"Expiry extended to {at} by {user.Email}, beyond the team's maximum" : $"Expiry extended to {at} by {user.Email}",
                PersonAudit(AuditActions.EnvironmentExtended, environment, extra: ("expiresAt", at + (beyondPolicy ? " (approved beyond the policy's maximum)" : "")))));
        }, cancellationToken);

    /// <summary>
    /// Reminds the requester and the team that <paramref name="id"/> expires soon (notification, webhook
    /// <c>expiring</c>, a timeline line), and records each lead in <paramref name="leads"/> as done for this
    /// expiry — in one unit of work, so a reminder is sent once: a second node or a restarted one meets the key.
    /// </summary>
    public Task<TeamEnvironment> RemindExpiryAsync(KundDbContext db, Guid id, DateTimeOffset expiresAt, IReadOnlyList<string> leads, CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = await db.Set<TeamEnvironment>().SingleAsync(e => e.Id == id && e.ExpiresAt == expiresAt, cancellationToken);
            var now = time.GetUtcNow();
            foreach (var lead in leads)
            {
                db.Add(new ExpiryReminder { EnvironmentId = id, Lead = lead, ExpiresAt = expiresAt, SentAt = now });
            }

            var message = ExpiryReminders.Message(expiresAt, now);
            await outbox.RecordAsync(db, KundEvents.Expiring, environment, KundUser.System.Email, message, cancellationToken: cancellationToken);
            return (environment, new Write(environment.Id, environment.Team, KundUser.System.Email, message, null, 100));
        }, cancellationToken);
}
