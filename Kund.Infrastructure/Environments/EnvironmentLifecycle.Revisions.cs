using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Revisions;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The life of a revision, a proposed change to an environment that exists: proposed, submitted, approved
/// by enough distinct people (never its authors), rejected or cancelled — each with its audit and progress
/// event, like the environment's own transitions.
/// </summary>
public sealed partial class EnvironmentLifecycle
{
    /// <summary>The statuses from which a change may be proposed; one proposed while another change runs waits for it.</summary>
    public static readonly IReadOnlyList<EnvironmentStatus> ChangeableFrom = [EnvironmentStatus.Ready, EnvironmentStatus.Failed, EnvironmentStatus.Updating];

    /// <summary>
    /// A new revision in Draft of an already checked (effective) spec; revision 1, the create spec, is
    /// stored first when the environment has none yet.
    /// </summary>
    public Task<EnvironmentRevision> ProposeRevisionAsync(KundDbContext db, KundUser user, TeamEnvironment environment, EnvironmentSpec effectiveSpec, string? comment, int? rollbackOf, CancellationToken cancellationToken, DriftProposal? drift = null) =>
        UnitOfWorkAsync(db, async () =>
        {
            RequireChangeable(environment);
            var numbers = await db.Set<EnvironmentRevision>().Where(r => r.EnvironmentId == environment.Id).Select(r => r.Number).ToListAsync(cancellationToken);
            if (numbers.Count == 0)
            {
                db.Add(EnvironmentRevision.First(environment));
                numbers.Add(1);
            }

            var revision = EnvironmentRevision.Propose(environment, numbers.Max() + 1, effectiveSpec, user.Email, comment, time.GetUtcNow(), rollbackOf, drift is { Reconcile: true } ? drift.Items : null);
            db.Add(revision);
            var message = (rollbackOf, drift) switch
            {
                ({ } target, _) => $"Revision {revision.Number} drafted by {user.Email}: roll back to revision {target}",
                (_, { Reconcile: true }) => $"Revision {revision.Number} drafted by {user.Email}: reconcile {drift.Items.Count} drift item{(drift.Items.Count == 1 ? "" : "s")}, putting the cloud back",
                (_, { }) => $"Revision {revision.Number} drafted by {user.Email}: accept {drift.Items.Count} drift item{(drift.Items.Count == 1 ? "" : "s")} into the spec",
                _ => $"Revision {revision.Number} drafted by {user.Email}",
            };
            var write = RevisionWrite(environment, revision, user, AuditActions.RevisionProposed, message);
            if (drift is not null && write.Audit is { } audited)
            {
                var facts = new Dictionary<string, string?>(audited.Details ?? new Dictionary<string, string?>())
                {
                    ["drift"] = drift.Reconcile ? "reconcile" : "accept",
                    ["items"] = drift.Items.Count.ToString(CultureInfo.InvariantCulture),
                    ["attributes"] = string.Join(", ", drift.Items.Take(20).Select(i => $"{i.Key} {i.Attribute}: {i.Actual ?? "(absent)"} (applied {i.Expected ?? "(absent)"})")),
                };
                write = write with { Audit = audited with { Details = facts } };
            }

            return (revision, write);
        }, cancellationToken);

    public Task<EnvironmentRevision> SubmitRevisionAsync(KundDbContext db, KundUser user, Guid id, int number, CancellationToken cancellationToken) =>
        RevisionTransitionAsync(db, user, id, number, requireMember: true, (environment, revision) =>
        {
            RequireChangeable(environment);
            revision.Submit(user.Email, time.GetUtcNow());
            return (AuditActions.RevisionSubmitted, $"Revision {number} submitted for approval by {user.Email}");
        }, cancellationToken);

    /// <summary>
    /// One approval of a waiting revision; <paramref name="needed"/> is the team policy's count (<see cref="ApprovalRule.Needed"/>).
    /// The last one starts the change run in the same transaction, unless another change runs: then it waits.
    /// </summary>
    public Task<EnvironmentRevision> ApproveRevisionAsync(KundDbContext db, KundUser user, Guid id, int number, string? comment, int needed, CancellationToken cancellationToken) =>
        RevisionTransitionAsync(db, user, id, number, requireMember: false, async (environment, revision) =>
        {
            RequireApprover(user);
            var complete = revision.Approve(user.Email, comment, needed, time.GetUtcNow());
            var count = revision.ApprovedBy.Length;
            if (!complete)
            {
                return (AuditActions.RevisionApproved, $"Revision {number} approved by {user.Email} ({count} of {needed}); it waits for another approver");
            }

            return (AuditActions.RevisionApproved, await StartChangeIfIdleAsync(db, environment, revision, cancellationToken)
                ? $"Revision {number} approved by {user.Email} ({count} of {needed}); its change starts"
                : $"Revision {number} approved by {user.Email} ({count} of {needed}); it waits for the change running now");
        }, cancellationToken);

    public Task<EnvironmentRevision> RejectRevisionAsync(KundDbContext db, KundUser user, Guid id, int number, string? comment, CancellationToken cancellationToken) =>
        RevisionTransitionAsync(db, user, id, number, requireMember: false, (_, revision) =>
        {
            RequireApprover(user);
            revision.Reject(user.Email, comment, time.GetUtcNow());
            return (AuditActions.RevisionRejected, $"Revision {number} rejected by {user.Email}");
        }, cancellationToken);

    public Task<EnvironmentRevision> CancelRevisionAsync(KundDbContext db, KundUser user, Guid id, int number, CancellationToken cancellationToken) =>
        RevisionTransitionAsync(db, user, id, number, requireMember: true, (_, revision) =>
        {
            revision.Cancel(time.GetUtcNow());
            return (AuditActions.RevisionCancelled, $"Revision {number} cancelled by {user.Email}");
        }, cancellationToken);

    /// <summary>409 naming the status, unless a change may be proposed now (Ready, Failed, or Updating: it then waits for the running change).</summary>
    public static void RequireChangeable(TeamEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!ChangeableFrom.Contains(environment.Status))
        {
            throw new RevisionConflictException(
                environment.Status.ToString(),
                [.. ChangeableFrom.Select(s => s.ToString())],
                $"cannot change the environment: it is {environment.Status}; a change is proposed to a Ready or Failed environment, or to one Updating (it then waits for the running change)");
        }
    }

    private Task<EnvironmentRevision> RevisionTransitionAsync(
        KundDbContext db,
        KundUser user,
        Guid id,
        int number,
        bool requireMember,
        Func<TeamEnvironment, EnvironmentRevision, (string Action, string Message)> change,
        CancellationToken cancellationToken) =>
        RevisionTransitionAsync(db, user, id, number, requireMember, (environment, revision) => Task.FromResult(change(environment, revision)), cancellationToken);

    private Task<EnvironmentRevision> RevisionTransitionAsync(
        KundDbContext db,
        KundUser user,
        Guid id,
        int number,
        bool requireMember,
        Func<TeamEnvironment, EnvironmentRevision, Task<(string Action, string Message)>> change,
        CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = requireMember
                ? await LoadForChangeAsync(db, user, id, cancellationToken)
                : await LoadVisibleAsync(db, user, id, cancellationToken);
            if (number == 1)
            {
                throw new RevisionConflictException(
                    environment.Status.ToString(),
                    [],
                    $"revision 1 is the environment's own request ({environment.Status}): it is submitted, approved, rejected or cancelled as the environment, at /api/environments/{id}");
            }

            var revision = await db.Set<EnvironmentRevision>().SingleOrDefaultAsync(r => r.EnvironmentId == id && r.Number == number, cancellationToken)
                ?? throw new RevisionNotFoundException(id, number);
            var before = environment.Status;
            var (action, message) = await change(environment, revision);
            var write = RevisionWrite(environment, revision, user, action, message);
            return (revision, environment.Status == before ? write : write with { Status = environment.Status.ToString() });
        }, cancellationToken);

    private static Write RevisionWrite(TeamEnvironment environment, EnvironmentRevision revision, KundUser user, string action, string message)
    {
        var facts = new Dictionary<string, string?>
        {
            ["name"] = environment.Name,
            ["revision"] = revision.Number.ToString(CultureInfo.InvariantCulture),
            ["status"] = revision.Status.ToString(),
            ["requestedBy"] = revision.RequestedBy,
            ["approvedBy"] = string.Join(",", revision.ApprovedBy),
        };
        if (revision.Comment is { } comment)
        {
            facts["comment"] = comment;
        }

        return new Write(environment.Id, environment.Team, user.Email, message, new Audited(action, $"{environment.Name} revision {revision.Number}", facts), environment.Status == EnvironmentStatus.Ready ? 100 : 0);
    }
}
