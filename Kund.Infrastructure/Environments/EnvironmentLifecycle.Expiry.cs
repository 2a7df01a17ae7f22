using System.Globalization;
using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;

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
}
