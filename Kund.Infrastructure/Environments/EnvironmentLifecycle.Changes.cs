using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The change run of an approved revision: it starts when the last approval is in and no other change runs
/// (else the revision waits, Approved, and starts when the running one ends), takes the environment through
/// Updating to Ready with the revision's spec, or to Failed, from where a retry resumes the same change.
/// </summary>
public sealed partial class EnvironmentLifecycle
{
    /// <summary>The revision whose change runs (or ran last and failed) for the environment, if any.</summary>
    public static Task<EnvironmentRevision?> ApplyingRevisionAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken) =>
        db.Set<EnvironmentRevision>().Where(r => r.EnvironmentId == environmentId && r.Status == RevisionStatus.Applying).OrderBy(r => r.Number).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Starts the change of <paramref name="revision"/> (Approved) when the environment is free for it: Ready or
    /// Failed, with no other revision applying. Returns false when it waits for the change running now.
    /// </summary>
    private async Task<bool> StartChangeIfIdleAsync(KundDbContext db, TeamEnvironment environment, EnvironmentRevision revision, CancellationToken cancellationToken)
    {
        var busy = !EnvironmentTransitions.IsAllowed(environment.Status, EnvironmentAction.StartChange)
            || await db.Set<EnvironmentRevision>().AnyAsync(r => r.EnvironmentId == environment.Id && r.Status == RevisionStatus.Applying && r.Number != revision.Number, cancellationToken);
        if (busy)
        {
            return false;
        }

        await StartChangeAsync(db, environment, revision, cancellationToken);
        return true;
    }

    private async Task StartChangeAsync(KundDbContext db, TeamEnvironment environment, EnvironmentRevision revision, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        environment.StartChange(now);
        revision.StartApplying(now);
        await jobs.EnqueueChangeAsync(db, environment.Id, cancellationToken);
    }

    /// <summary>The change run ended: Ready with the revision's spec (and the next approved revision starts), or Failed.</summary>
    private async Task<Step> FinishChangeAsync(KundDbContext db, LifecycleRun run, TeamEnvironment environment, ExecutionResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revision = await ApplyingRevisionAsync(db, environment.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Environment {environment.Id} runs a change but no revision of it is applying.");
        var details = new Dictionary<string, string?>
        {
            ["job"] = run.JobId.ToString(CultureInfo.InvariantCulture),
            ["revision"] = revision.Number.ToString(CultureInfo.InvariantCulture),
            ["requestedBy"] = revision.RequestedBy,
            ["approvedBy"] = string.Join(",", revision.ApprovedBy),
        };
        string? error = null;
        Step step;
        if (result.Succeeded)
        {
            environment.ApplyChange(revision.Number, revision.Spec, now);
            revision.FinishApplying(true, now);
            await KeepFailedAsExistingAsync(db, environment, now, cancellationToken);
            await ForgetDeletedAsync(db, environment, cancellationToken);

            // The drift found before this change (a reconcile's or accept's own, say) no longer shows.
            if (await db.Set<DriftCheck>().SingleOrDefaultAsync(d => d.EnvironmentId == environment.Id, cancellationToken) is { } drift)
            {
                drift.Supersede(now);
            }

            details["changed"] = string.Join(",", result.Nodes.Values.Where(n => n.State is ResourceState.Created or ResourceState.Deleted).Select(n => n.Key).Order(StringComparer.Ordinal));
            step = new Step(KundUser.System.Email, $"Revision {revision.Number} applied in {Format(result.Duration)}", new Audited(AuditActions.RevisionApplied, $"{environment.Name} revision {revision.Number}", details), 100, AnnounceStatus: true);
        }
        else if (result.Outcome == ExecutionOutcome.Stopped)
        {
            // Stopped by a person, as a create is: Failed with what exists, and the revision failed with it, so
            // a retry resumes the same change from what is recorded.
            var stoppedBy = await jobs.StopRequestedByAsync(db, run.JobId, cancellationToken) ?? KundUser.System.Email;
            var started = result.Nodes.Values.Where(n => n.StartedAt is not null).Select(n => n.Key).Order(StringComparer.Ordinal).ToList();
            var existing = result.Nodes.Values.Where(n => n.Resource is not null && n.State is ResourceState.Created or ResourceState.Creating).Select(n => n.Key).Order(StringComparer.Ordinal).ToList();
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"Stopped by {stoppedBy}: the change to revision {revision.Number} stopped after {started.Count} of its steps had started ({(started.Count == 0 ? "none" : string.Join(", ", started))}), none after the stop; {existing.Count} of {result.Nodes.Count} resources exist. Retry resumes the change from what exists; destroy removes it.");
            if (result.Failures.Count > 0)
            {
                error += " Failed before the stop: " + string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Code}: {f.Message}"));
            }

            environment.MarkFailed(error, now);
            revision.FinishApplying(false, now);
            details["error"] = error;
            details["stoppedBy"] = stoppedBy;
            details["existing"] = string.Join(", ", existing);
            details["started"] = string.Join(", ", started);
            step = new Step(KundUser.System.Email, $"Revision {revision.Number} stopped: {error}", new Audited(AuditActions.EnvironmentStopped, $"{environment.Name} revision {revision.Number}", details), 0, AnnounceStatus: true);
        }
        else
        {
            error = string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Code}: {f.Message}"));
            environment.MarkFailed(error, now);
            revision.FinishApplying(false, now);
            details["error"] = error;
            step = new Step(KundUser.System.Email, $"Revision {revision.Number} failed: {error}", new Audited(AuditActions.RevisionFailed, $"{environment.Name} revision {revision.Number}", details), 0, AnnounceStatus: true);
        }

        await run.CompleteAsync(db, result.Succeeded, error, cancellationToken);
        // The revision just applied is the only one that was applying (its new status is not saved yet).
        if (result.Succeeded && await NextApprovedAsync(db, environment.Id, cancellationToken) is { } next)
        {
            await StartChangeAsync(db, environment, next, cancellationToken);
            step = step with { Message = $"{step.Message}; revision {next.Number}, approved meanwhile, starts now" };
        }

        return step;
    }

    /// <summary>Kund gave up on a change run: its revision failed with it (a retry applies it again).</summary>
    private async Task FailApplyingRevisionAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken)
    {
        if (await ApplyingRevisionAsync(db, environmentId, cancellationToken) is { } revision)
        {
            revision.FinishApplying(false, time.GetUtcNow());
        }
    }

    /// <summary>Failed after a change → Updating again: the same revision's change resumes from what is recorded.</summary>
    private async Task<Step?> RetryChangeAsync(KundDbContext db, KundUser user, TeamEnvironment environment, Audited audited, CancellationToken cancellationToken)
    {
        var revision = await ApplyingRevisionAsync(db, environment.Id, cancellationToken)
            ?? await db.Set<EnvironmentRevision>().Where(r => r.EnvironmentId == environment.Id && r.Status == RevisionStatus.Failed).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        environment.StartChange(now);
        if (revision.Status != RevisionStatus.Applying)
        {
            revision.StartApplying(now);
        }

        await jobs.EnqueueChangeAsync(db, environment.Id, cancellationToken);
        return new Step(user.Email, $"Change to revision {revision.Number} retried by {user.Email}", audited);
    }

    private static Task<EnvironmentRevision?> NextApprovedAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken) =>
        db.Set<EnvironmentRevision>().Where(r => r.EnvironmentId == environmentId && r.Status == RevisionStatus.Approved).OrderBy(r => r.Number).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A node whose resource is in place but whose last run failed (a destroy refused halfway, say) is the applied
    /// resource to the change: planned as existing and left as it is (<c>JobRunner.ChangeOf</c>). Once the change
    /// succeeded, such a node of the applied revision is Created again, so a Ready environment has no failed node.
    /// </summary>
    private static async Task KeepFailedAsExistingAsync(KundDbContext db, TeamEnvironment environment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = ResourceGraphBuilder.Build(environment.Spec).Nodes.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var kept = await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environment.Id && r.State == ResourceState.Failed && r.CloudId != null).ToListAsync(cancellationToken);
        foreach (var record in kept.Where(r => keys.Contains(r.Key)))
        {
            record.State = ResourceState.Created;
            record.Error = null;
            record.UpdatedAt = now;
        }
    }

    /// <summary>
    /// What the applied revision no longer has, and the change deleted, leaves the environment's resources (its audit
    /// stays); so do the steps only a destroy has (its sweeps and check) that a destroy which failed halfway left
    /// without anything in the cloud. A later destroy records them again.
    /// </summary>
    private static async Task ForgetDeletedAsync(KundDbContext db, TeamEnvironment environment, CancellationToken cancellationToken)
    {
        var keys = ResourceGraphBuilder.Build(environment.Spec).Nodes.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var gone = await db.Set<ResourceRecord>()
            .Where(r => r.EnvironmentId == environment.Id && (r.State == ResourceState.Deleted || (r.State == ResourceState.Pending && r.CloudId == null && r.Arn == null)))
            .ToListAsync(cancellationToken);
        db.RemoveRange(gone.Where(r => !keys.Contains(r.Key)));
    }
}
