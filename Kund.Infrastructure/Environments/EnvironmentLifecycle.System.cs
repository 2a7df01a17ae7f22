using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The transitions Kund causes: a run starting, each node it records, its outcome, an environment expiring.
/// Run writes are fenced by the job's lease (<see cref="LifecycleRun.FenceAsync"/>).
/// </summary>
public sealed partial class EnvironmentLifecycle
{
    /// <summary>
    /// For the expiry service: destroys an environment whose time is up, as <see cref="KundUser.System"/>. One
    /// whose cluster has deletion protection on is not destroyed: expiry never lifts protection that a person
    /// set. The team is told why once (timeline and audit, <c>environment.expiry-blocked</c>), and the
    /// environment stays as it is until a person destroys it with the confirmation or extends it.
    /// </summary>
    public async Task<TeamEnvironment> ExpireAsync(KundDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var current = await LoadVisibleAsync(db, KundUser.System, id, cancellationToken);
        if (current.HasDeletionProtection)
        {
            // Told once per expiry: an extended expiry that passes is told again.
            var expiresAt = Stamp(current.ExpiresAt);
            var told = (await db.Set<AuditEvent>()
                    .Where(e => e.EnvironmentId == id && e.Action == AuditActions.EnvironmentExpiryBlocked)
                    .Select(e => e.Details)
                    .ToListAsync(cancellationToken))
                .Any(details => details.Contains(expiresAt, StringComparison.Ordinal));
            if (told)
            {
                return current;
            }
        }

        db.ChangeTracker.Clear();
        return await TransitionAsync(
            db,
            () => LoadVisibleAsync(db, KundUser.System, id, cancellationToken),
            environment => environment.HasDeletionProtection
                ? Task.FromResult(ExpiryBlocked(environment))
                : StartDestroyAsync(db, KundUser.System, environment, AuditActions.EnvironmentExpired, cancellationToken),
            cancellationToken);
    }

    private static Step ExpiryBlocked(TeamEnvironment environment)
    {
        var reason = $"Expired, but not destroyed: the EKS cluster of {environment.Name} has deletion protection on, and expiry never turns it off. "
            + "Destroy it with the confirmation to turn protection off, or extend its expiry.";
        return new Step(KundUser.System.Email, reason, PersonAudit(AuditActions.EnvironmentExpiryBlocked, environment, extra: ("expiresAt", Stamp(environment.ExpiresAt))));
    }

    private static string Stamp(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// A run begins: an approved environment moves to Provisioning; a resumed one says so.
    /// <paramref name="prepare"/> runs in the same transaction (the runner makes sure every node has a row).
    /// </summary>
    public Task<TeamEnvironment> StartRunAsync(KundDbContext db, LifecycleRun run, Guid id, Func<TeamEnvironment, Task> prepare, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadFencedAsync(db, run, id, cancellationToken), async environment =>
        {
            await prepare(environment);
            var doing = run.Destroy ? "Destroying" : run.Change ? "Change" : "Provisioning";
            if (!run.Destroy && environment.Status == EnvironmentStatus.Approved)
            {
                environment.StartProvisioning(time.GetUtcNow());
                return new Step(KundUser.System.Email, "Provisioning started");
            }

            return new Step(KundUser.System.Email, run.Attempt > 1 ? $"{doing} resumed (attempt {run.Attempt})" : $"{doing} started");
        }, cancellationToken);

    /// <summary>A run ended: Ready, Destroyed or Failed with every failure named; the job ends with it.</summary>
    public Task<TeamEnvironment> FinishRunAsync(KundDbContext db, LifecycleRun run, Guid id, ExecutionResult result, CancellationToken cancellationToken) =>
        TransitionAsync(db, () => LoadFencedAsync(db, run, id, cancellationToken), async environment =>
        {
            if (run.Change)
            {
                return await FinishChangeAsync(db, run, environment, result, cancellationToken);
            }

            var now = time.GetUtcNow();
            string action;
            string message;
            string? error = null;
            string? stoppedBy = null;
            string? existing = null;
            if (result.Succeeded)
            {
                if (!run.Destroy)
                {
                    environment.MarkReady(now);
                    (action, message) = (AuditActions.EnvironmentReady, $"Ready in {Format(result.Duration)}");
                }
                else
                {
                    environment.MarkDestroyed(now);
                    (action, message) = (AuditActions.EnvironmentDestroyed, $"Destroyed in {Format(result.Duration)}: nothing left behind");
                }
            }
            else if (result.Outcome == ExecutionOutcome.Stopped)
            {
                stoppedBy = await jobs.StopRequestedByAsync(db, run.JobId, cancellationToken) ?? KundUser.System.Email;
                (error, existing) = DescribeStop(stoppedBy, result);
                environment.MarkFailed(error, now);
                (action, message) = (AuditActions.EnvironmentStopped, error);
            }
            else
            {
                error = string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Code}: {f.Message}"));
                environment.MarkFailed(error, now);
                (action, message) = (AuditActions.EnvironmentFailed, $"Failed: {error}");
            }

            await run.CompleteAsync(db, result.Succeeded, error, cancellationToken);
            var details = new Dictionary<string, string?> { ["job"] = run.JobId.ToString(CultureInfo.InvariantCulture), ["error"] = error };
            if (stoppedBy is not null)
            {
                details["stoppedBy"] = stoppedBy;
                details["existing"] = existing;
            }

            return new Step(KundUser.System.Email, message, new Audited(action, Details: details), result.Succeeded ? 100 : 0, AnnounceStatus: true);
        }, cancellationToken);

    /// <summary>
    /// Kund itself could not run the job, attempt after attempt: the environment fails visibly (and can be
    /// retried), and the job ends.
    /// </summary>
    public Task<TeamEnvironment> GiveUpRunAsync(KundDbContext db, LifecycleRun run, Guid id, string reason) =>
        TransitionAsync(db, () => LoadFencedAsync(db, run, id, CancellationToken.None), async environment =>
        {
            if (environment.Status == EnvironmentStatus.Approved && !run.Destroy)
            {
                // Every attempt failed before provisioning began; left Approved with no job, nobody could
                // retry or cancel it. Through Provisioning to Failed it is visible and retryable.
                environment.StartProvisioning(time.GetUtcNow());
            }

            if (environment.Status is EnvironmentStatus.Provisioning or EnvironmentStatus.Destroying or EnvironmentStatus.Updating)
            {
                environment.MarkFailed(reason, time.GetUtcNow());
            }

            if (run.Change)
            {
                await FailApplyingRevisionAsync(db, environment.Id, CancellationToken.None);
            }

            await run.CompleteAsync(db, false, reason, CancellationToken.None);
            return new Step(KundUser.System.Email, reason, new Audited(AuditActions.EnvironmentFailed, Details: new Dictionary<string, string?> { ["error"] = reason }), 0, AnnounceStatus: true);
        }, CancellationToken.None);

    /// <summary>
    /// One node's transition of a run: <paramref name="apply"/> writes it to the node's row; the resource's
    /// audit (made, removed, failed) and the progress event at <paramref name="percent"/> go with it.
    /// </summary>
    public Task RecordNodeAsync(KundDbContext db, LifecycleRun run, Guid environmentId, string team, NodeTransition transition, int percent, Action<ResourceRecord> apply, CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            await run.FenceAsync(db, cancellationToken);
            var record = await db.Set<ResourceRecord>().SingleAsync(r => r.EnvironmentId == environmentId && r.Key == transition.Key, cancellationToken);
            apply(record);
            var audited = AuditActionFor(transition) is { } action
                ? new Audited(
                    action,
                    $"{transition.Key} {transition.Resource?.CloudId}".TrimEnd(),
                    new Dictionary<string, string?>
                    {
                        ["kind"] = transition.Kind.ToString(),
                        ["cloudId"] = transition.Resource?.CloudId,
                        ["arn"] = transition.Resource?.Arn,
                        ["error"] = transition.Error,
                    })
                : null;
            return (record, new Write(environmentId, team, KundUser.System.Email, transition.Message, audited, percent, transition.Key, transition.State));
        }, cancellationToken);

    /// <summary>
    /// Why a stopped run left the environment Failed: who stopped it, what exists (Created, or made and still
    /// becoming ready), what never started, and any node that failed before the stop.
    /// </summary>
    private static (string Reason, string Existing) DescribeStop(string stoppedBy, ExecutionResult result)
    {
        var existing = result.Nodes.Values
            .Where(n => n.Resource is not null && n.State is ResourceState.Created or ResourceState.Creating)
            .Select(n => n.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var notStarted = result.Nodes.Values.Count(n => n.Resource is null && n.State == ResourceState.Pending);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"Stopped by {stoppedBy}: {existing.Count} of {result.Nodes.Count} resources exist, {notStarted} never started. Retry resumes from what exists; destroy removes it.");
        if (result.Failures.Count > 0)
        {
            reason += " Failed before the stop: " + string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Code}: {f.Message}"));
        }

        return (reason, string.Join(", ", existing));
    }

    private static async Task<TeamEnvironment> LoadFencedAsync(KundDbContext db, LifecycleRun run, Guid id, CancellationToken cancellationToken)
    {
        await run.FenceAsync(db, cancellationToken);
        return await db.Set<TeamEnvironment>().SingleAsync(e => e.Id == id, cancellationToken);
    }

    private static string? AuditActionFor(NodeTransition transition) => transition.Applied switch
    {
        PlanAction.Update => AuditActions.ResourceUpdated,
        PlanAction.Replace => AuditActions.ResourceReplaced,
        _ => AuditActionFor(transition.State),
    };

    private static string? AuditActionFor(ResourceState state) => state switch
    {
        ResourceState.Created => AuditActions.ResourceCreated,
        ResourceState.Deleted => AuditActions.ResourceDeleted,
        ResourceState.Failed => AuditActions.ResourceFailed,
        ResourceState.Pending or ResourceState.Creating or ResourceState.Deleting => null,
    };

    private static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1 ? $"{(int)duration.TotalMinutes} min {duration.Seconds} s" : $"{duration.TotalSeconds:0.0} s";
}
