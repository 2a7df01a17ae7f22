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
    /// A member's extension to <paramref name="until"/>, beyond the team's maximum: stored as a request that waits
    /// for an approver, audited as <c>environment.extension-requested</c>, the approvers told. One waits at a time
    /// per environment (<see cref="ExtensionPendingException"/>, and a unique index for a race).
    /// </summary>
    public Task<ExtensionRequest> RequestExtensionAsync(KundDbContext db, KundUser user, Guid id, int days, DateTimeOffset until, CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = await LoadForChangeAsync(db, user, id, cancellationToken);
            RequireExtendable(environment);
            var pending = await db.Set<ExtensionRequest>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.EnvironmentId == id && r.Status == ExtensionStatus.PendingApproval, cancellationToken);
            if (pending is not null)
            {
                throw new ExtensionPendingException(pending);
            }

            var now = time.GetUtcNow();
            var request = new ExtensionRequest
            {
                Id = Guid.CreateVersion7(now),
                EnvironmentId = id,
                Team = environment.Team,
                Days = days,
                Until = until,
                ExpiresAtBefore = environment.ExpiresAt,
                Status = ExtensionStatus.PendingApproval,
                RequestedBy = user.Email,
                RequestedAt = now,
            };
            db.Add(request);
            var message = $"Extension to {Utc(until)} asked for by {user.Email}, beyond the team's maximum; it waits for an approver";
            await outbox.NotifyAsync(db, KundEvents.ExtensionRequested, environment, user.Email, message, requester: null, cancellationToken);
            return (request, ExtensionWrite(environment, request, user, AuditActions.EnvironmentExtensionRequested, message, ("expiresAt", Utc(until))));
        }, cancellationToken);

    /// <summary>
    /// An approver who did not ask for it approves a waiting extension: <c>expiresAt</c> moves to what it asked for,
    /// audited as <c>environment.extended</c> approved beyond the policy's maximum; the requester is told.
    /// </summary>
    public Task<ExtensionRequest> ApproveExtensionAsync(KundDbContext db, KundUser user, Guid id, Guid extensionId, string? comment, CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = await LoadVisibleAsync(db, user, id, cancellationToken);
            RequireApprover(user);
            var request = await LoadWaitingExtensionAsync(db, id, extensionId, cancellationToken);
            if (string.Equals(request.RequestedBy, user.Email, StringComparison.OrdinalIgnoreCase))
            {
                throw new FourEyesViolationException(user.Email, EnvironmentAction.Approve);
            }

            var now = time.GetUtcNow();
            // Extended meanwhile within the maximum past what was asked: the approval never shortens it.
            var until = environment.ExpiresAt is { } current && current > request.Until ? current : request.Until;
            environment.Extend(until, now);
            request.Status = ExtensionStatus.Approved;
            request.DecidedBy = user.Email;
            request.DecidedAt = now;
            request.Comment = comment;
            var message = $"Expiry extended to {Utc(until)} by {user.Email}, approving {request.RequestedBy}'s request beyond the team's maximum";
            await outbox.NotifyAsync(db, KundEvents.ExtensionApproved, environment, user.Email, message, request.RequestedBy, cancellationToken);
            return (request, ExtensionWrite(environment, request, user, AuditActions.EnvironmentExtended, message, ("expiresAt", Utc(until) + " (approved beyond the policy's maximum)")));
        }, cancellationToken);

    /// <summary>An approver refuses a waiting extension: the expiry stays, audited as <c>environment.extension-rejected</c>; the requester is told.</summary>
    public Task<ExtensionRequest> RejectExtensionAsync(KundDbContext db, KundUser user, Guid id, Guid extensionId, string? comment, CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = await LoadVisibleAsync(db, user, id, cancellationToken);
            RequireApprover(user);
            var request = await LoadWaitingExtensionAsync(db, id, extensionId, cancellationToken);
            request.Status = ExtensionStatus.Rejected;
            request.DecidedBy = user.Email;
            request.DecidedAt = time.GetUtcNow();
            request.Comment = comment;
            var stays = environment.ExpiresAt is { } expiresAt ? $"it still expires {Utc(expiresAt)}" : "it keeps no expiry";
            var message = $"Extension to {Utc(request.Until)} rejected by {user.Email}; {stays}";
            await outbox.NotifyAsync(db, KundEvents.ExtensionRejected, environment, user.Email, message, request.RequestedBy, cancellationToken);
            return (request, ExtensionWrite(environment, request, user, AuditActions.EnvironmentExtensionRejected, message, ("expiresAt", environment.ExpiresAt is { } e ? Utc(e) : null)));
        }, cancellationToken);

    /// <summary>409 naming the status unless the environment may be extended (Ready or Failed: what expiry would destroy).</summary>
    public static void RequireExtendable(TeamEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!EnvironmentTransitions.IsAllowed(environment.Status, EnvironmentAction.StartDestroy))
        {
            throw new InvalidTransitionException(
                environment.Status,
                EnvironmentAction.StartDestroy,
                $"cannot extend: the environment is {environment.Status}; only a Ready or Failed environment has an expiry to push out");
        }
    }

    private static async Task<ExtensionRequest> LoadWaitingExtensionAsync(KundDbContext db, Guid id, Guid extensionId, CancellationToken cancellationToken)
    {
        var request = await db.Set<ExtensionRequest>().SingleOrDefaultAsync(r => r.Id == extensionId && r.EnvironmentId == id, cancellationToken)
            ?? throw new ExtensionNotFoundException(id, extensionId);
        return request.Status == ExtensionStatus.PendingApproval ? request : throw new ExtensionDecidedException(request);
    }

    private static Write ExtensionWrite(TeamEnvironment environment, ExtensionRequest request, KundUser user, string action, string message, (string Key, string? Value) expiry)
    {
        var facts = new Dictionary<string, string?>
        {
            ["name"] = environment.Name,
            ["status"] = environment.Status.ToString(),
            ["extension"] = request.Id.ToString(),
            ["days"] = request.Days.ToString(CultureInfo.InvariantCulture),
            ["requestedBy"] = request.RequestedBy,
            [expiry.Key] = expiry.Value,
        };
        if (request.Comment is { } comment)
        {
            facts["comment"] = comment;
        }

        return new Write(environment.Id, environment.Team, user.Email, message, new Audited(action, environment.Name, facts), environment.Status == EnvironmentStatus.Ready ? 100 : 0);
    }

    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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
