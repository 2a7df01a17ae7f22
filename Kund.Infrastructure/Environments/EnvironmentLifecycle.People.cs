using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;

namespace Kund.Infrastructure.Environments;

/// <summary>The transitions a person causes. Who may is checked here; the aggregate guards the status and the four-eyes rule.</summary>
public sealed partial class EnvironmentLifecycle
{
    /// <summary>Stores a new draft of an already checked (effective) spec.</summary>
    public Task<TeamEnvironment> CreateDraftAsync(KundDbContext db, KundUser user, EnvironmentSpec effectiveSpec, int? wizardStep, CancellationToken cancellationToken)
    {
        RequireMember(user, effectiveSpec.Team ?? "");
        return TransitionAsync(
            db,
            () =>
            {
                var environment = TeamEnvironment.CreateDraft(effectiveSpec, user.Email, time.GetUtcNow(), wizardStep: wizardStep);
                db.Add(environment);
                return Task.FromResult(environment);
            },
            environment => Task.FromResult(new Step(
                user.Email,
                $"Draft created by {user.Email}",
                PersonAudit(AuditActions.EnvironmentCreated, environment),
                AnnounceStatus: true)),
            cancellationToken);
    }

    /// <summary>
    /// Replaces the spec of <paramref name="environment"/> (loaded with <see cref="LoadForChangeAsync"/>) with an
    /// already checked one; a rejected request becomes a Draft again with its next revision.
    /// </summary>
    public Task<TeamEnvironment> UpdateDraftAsync(KundDbContext db, KundUser user, TeamEnvironment environment, EnvironmentSpec effectiveSpec, int? wizardStep, CancellationToken cancellationToken) =>
        TransitionAsync(
            db,
            () => Task.FromResult(environment),
            changed =>
            {
                var revised = changed.Status == EnvironmentStatus.Rejected;
                changed.UpdateSpec(effectiveSpec, user.Email, time.GetUtcNow(), wizardStep);
                return Task.FromResult(revised
                    ? new Step(user.Email, $"Revision {changed.Revision} drafted by {user.Email}", PersonAudit(AuditActions.EnvironmentUpdated, changed, extra: ("revision", changed.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    : new Step(user.Email, $"Draft updated by {user.Email}", PersonAudit(AuditActions.EnvironmentUpdated, changed)));
            },
            cancellationToken);

    /// <summary>Draft → PendingApproval; the request then needs <paramref name="approvalsNeeded"/> distinct approvers.</summary>
    public Task<TeamEnvironment> SubmitAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken, int approvalsNeeded = 1) =>
        TransitionAsync(db, () => LoadForChangeAsync(db, user, id, cancellationToken), async environment =>
        {
            environment.Submit(user.Email, approvalsNeeded, time.GetUtcNow());
            await SnapshotPlanAsync(db, environment, destroy: false, cancellationToken);
            return new Step(user.Email, $"Submitted for approval by {user.Email}", PersonAudit(AuditActions.EnvironmentSubmitted, environment));
        }, cancellationToken);

    /// <summary>Approves a request — or, for a prod environment whose destroy waits, that destroy. Never by one of its authors.</summary>
    public Task<TeamEnvironment> ApproveAsync(KundDbContext db, KundUser user, Guid id, string? comment, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadVisibleAsync(db, user, id, cancellationToken), async environment =>
        {
            RequireApprover(user);
            var now = time.GetUtcNow();
            if (environment.IsDestroyAwaitingApproval)
            {
                environment.ApproveDestroy(user.Email, now);
                await SnapshotPlanAsync(db, environment, destroy: true, cancellationToken);
                await jobs.EnqueueAsync(db, environment.Id, destroy: true, cancellationToken);
                return new Step(user.Email, $"Destroy approved by {user.Email}", PersonAudit(AuditActions.EnvironmentApproved, environment, comment, ("approves", "destroy")));
            }

            if (!environment.AddApproval(user.Email, comment, now))
            {
                var count = ApprovalCount.Count(environment.Approvals, environment.Authors);
                var progress = string.Create(CultureInfo.InvariantCulture, $"{count} of {environment.ApprovalsNeeded}");
                return new Step(user.Email, $"Approved by {user.Email} ({progress}); waits for more approvers", PersonAudit(AuditActions.EnvironmentApproved, environment, comment, ("approvals", progress)));
            }

            await SnapshotPlanAsync(db, environment, destroy: false, cancellationToken);
            await jobs.EnqueueAsync(db, environment.Id, destroy: false, cancellationToken);
            return new Step(user.Email, $"Approved by {user.Email}", PersonAudit(AuditActions.EnvironmentApproved, environment, comment, ("approves", "create")));
        }, cancellationToken);

    /// <summary>Rejects a request; a waiting prod destroy is rejected too (with a comment), and the environment stays as it was.</summary>
    public Task<TeamEnvironment> RejectAsync(KundDbContext db, KundUser user, Guid id, string? comment, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadVisibleAsync(db, user, id, cancellationToken), environment =>
        {
            RequireApprover(user);
            if (environment.IsDestroyAwaitingApproval)
            {
                if (string.IsNullOrWhiteSpace(comment))
                {
                    throw new SpecValidationException(
                        ValidationResult.Valid.WithError("comment", "Say why the destroy is rejected, so that the team knows: a comment is required."),
                        environment.Spec);
                }

                environment.RejectDestroy(user.Email, comment, time.GetUtcNow());
                return Task.FromResult(new Step(user.Email, $"Destroy rejected by {user.Email}", PersonAudit(AuditActions.EnvironmentRejected, environment, comment, ("rejects", "destroy"))));
            }

            environment.Reject(user.Email, comment, time.GetUtcNow());
            return Task.FromResult(new Step(user.Email, $"Rejected by {user.Email}", PersonAudit(AuditActions.EnvironmentRejected, environment, comment)));
        }, cancellationToken);

    /// <summary>
    /// Withdraws a request: a draft or a waiting request is cancelled, a waiting prod destroy is dropped, and a
    /// running create or change is stopped (<see cref="StopAsync"/>; its team's members or an approver).
    /// </summary>
    public Task<TeamEnvironment> CancelAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadVisibleAsync(db, user, id, cancellationToken), async environment =>
        {
            if (EnvironmentTransitions.IsAllowed(environment.Status, EnvironmentAction.Stop))
            {
                return await StopAsync(db, user, environment, cancellationToken);
            }

            RequireMember(user, environment.Team);
            if (environment.IsDestroyAwaitingApproval)
            {
                environment.WithdrawDestroy(time.GetUtcNow());
                return new Step(user.Email, $"Destroy withdrawn by {user.Email}", PersonAudit(AuditActions.EnvironmentCancelled, environment, extra: ("withdraws", "destroy")));
            }

            if (!EnvironmentTransitions.IsAllowed(environment.Status, EnvironmentAction.Cancel))
            {
                throw new InvalidTransitionException(
                    environment.Status,
                    EnvironmentAction.Cancel,
                    $"cannot cancel: the environment is {environment.Status}; cancelling needs Draft or PendingApproval (a request), or Provisioning or Updating (a running apply, which stops)");
            }

            environment.Cancel(time.GetUtcNow());
            return new Step(user.Email, $"Cancelled by {user.Email}", PersonAudit(AuditActions.EnvironmentCancelled, environment));
        }, cancellationToken);

    /// <summary>
    /// Stops a running create or change: recorded on its job, so the worker running it — on any node, or the
    /// one that takes it over when none is alive — starts no node after it; the run then ends Failed with what
    /// exists recorded, and retry or destroy work from there. With no unfinished job nothing runs, so the
    /// environment is Failed at once.
    /// </summary>
    private async Task<Step> StopAsync(KundDbContext db, KundUser user, TeamEnvironment environment, CancellationToken cancellationToken)
    {
        if (!user.CanApprove)
        {
            RequireMember(user, environment.Team);
        }

        var running = environment.Status.ToString();
        environment.RequestStop(time.GetUtcNow());
        var audited = PersonAudit(AuditActions.EnvironmentStopRequested, environment);
        if (await jobs.RequestStopAsync(db, environment.Id, user.Email, cancellationToken))
        {
            return new Step(user.Email, $"Stop requested by {user.Email}: no new resource starts; those in progress finish and are recorded", audited);
        }

        environment.MarkFailed($"Stopped by {user.Email}: no run was in progress. Retry resumes from what exists; destroy removes it.", time.GetUtcNow());
        return new Step(user.Email, $"Stopped by {user.Email} while {running} with no run in progress", audited);
    }

    /// <summary>Ready → HandedOver: the environment is managed with Terraform from now on; its history stays.</summary>
    public Task<TeamEnvironment> HandOverAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadForChangeAsync(db, user, id, cancellationToken), environment =>
        {
            environment.HandOver(time.GetUtcNow());
            return Task.FromResult(new Step(user.Email, $"Handed over to Terraform by {user.Email}", PersonAudit(AuditActions.EnvironmentHandedOver, environment)));
        }, cancellationToken);

    /// <summary>Failed → runs the failed job's kind again, resuming from the recorded node states.</summary>
    public Task<TeamEnvironment> RetryAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadForChangeAsync(db, user, id, cancellationToken), async environment =>
        {
            var lastWasDestroy = await jobs.LastWasDestroyAsync(db, id, cancellationToken);
            var now = time.GetUtcNow();
            // Audited as it was asked for: the status before the retry.
            var audited = PersonAudit(AuditActions.EnvironmentRetried, environment);
            if (lastWasDestroy && environment.Status == EnvironmentStatus.Failed)
            {
                environment.StartDestroy(user.Email, now);
                await jobs.EnqueueAsync(db, environment.Id, destroy: true, cancellationToken);
                return new Step(user.Email, $"Destroy retried by {user.Email}", audited);
            }

            if (environment.Status == EnvironmentStatus.Failed && await jobs.LastWasChangeAsync(db, id, cancellationToken)
                && await RetryChangeAsync(db, user, environment, audited, cancellationToken) is { } change)
            {
                return change;
            }

            environment.StartProvisioning(now);
            await jobs.EnqueueAsync(db, environment.Id, destroy: false, cancellationToken);
            return new Step(user.Email, $"Provisioning retried by {user.Email}", audited);
        }, cancellationToken);

    /// <summary>Ready or Failed → Destroying; a prod environment first waits for an approver.</summary>
    public Task<TeamEnvironment> DestroyAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken) =>
        DestroyAsync(db, user, id, turnOffDeletionProtection: false, cancellationToken);

    /// <summary>
    /// Ready or Failed → Destroying. A cluster with deletion protection is refused (409, saying how to lift it)
    /// unless <paramref name="turnOffDeletionProtection"/> confirms it: then the destroy turns protection off first.
    /// </summary>
    public Task<TeamEnvironment> DestroyAsync(KundDbContext db, KundUser user, Guid id, bool turnOffDeletionProtection, CancellationToken cancellationToken) =>
        TransitionAsync(
            db,
            () => LoadForChangeAsync(db, user, id, cancellationToken),
            async environment =>
            {
                var lifted = RequireProtectionLifted(environment, turnOffDeletionProtection, time.GetUtcNow());
                var step = await StartDestroyAsync(db, user, environment, AuditActions.EnvironmentDestroyRequested, cancellationToken);
                return lifted && step.Audit is { } audit
                    ? step with { Audit = audit with { Details = new Dictionary<string, string?>(audit.Details ?? new Dictionary<string, string?>()) { ["deletionProtection"] = "turned off first, as confirmed" } } }
                    : step;
            },
            cancellationToken);

    private static bool RequireProtectionLifted(TeamEnvironment environment, bool confirmed, DateTimeOffset now)
    {
        if (!environment.HasDeletionProtection)
        {
            return false;
        }

        if (!confirmed)
        {
            throw new InvalidTransitionException(
                environment.Status,
                EnvironmentAction.StartDestroy,
                $"cannot destroy {environment.Name}: its EKS cluster has deletion protection on, and EKS refuses to delete it while it is. "
                + "To destroy it anyway, confirm turning protection off: POST /api/environments/{id}/destroy?turnOffDeletionProtection=true "
                + "(the destroy then turns it off first), or tick the confirmation on the environment page.");
        }

        environment.LiftDeletionProtection(now);
        return true;
    }

    private async Task<Step> StartDestroyAsync(KundDbContext db, KundUser user, TeamEnvironment environment, string auditAction, CancellationToken cancellationToken)
    {
        var started = environment.StartDestroy(user.Email, time.GetUtcNow());
        var audited = PersonAudit(auditAction, environment, extra: ("destroy", started.ToString()));
        if (started == DestroyStart.AwaitingApproval)
        {
            return new Step(user.Email, $"Destroy requested by {user.Email}; a prod environment waits for an approver", audited);
        }

        await SnapshotPlanAsync(db, environment, destroy: true, cancellationToken);
        await jobs.EnqueueAsync(db, environment.Id, destroy: true, cancellationToken);
        return new Step(user.Email, auditAction == AuditActions.EnvironmentExpired ? "Expired: destroying" : $"Destroy started by {user.Email}", audited);
    }
}
