using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The one home of an environment's life: every transition, whether a person causes it (draft, submit,
/// approve, reject, cancel, retry, destroy and their destroy-request twins) or Kund does (provisioning
/// started, ready, failed, destroyed, expired), and every node state a run records. Each goes through
/// <see cref="UnitOfWorkAsync{T}"/>: the row, its audit entry and its progress event (with NOTIFY) — and the
/// job it calls for or ends — committed together or not at all.
/// </summary>
/// <remarks>
/// Stateless: each method works in the <see cref="KundDbContext"/> it is given (the request's, or one the
/// job runner makes per transition), so one instance serves the pages, the API and the workers.
/// </remarks>
public sealed partial class EnvironmentLifecycle(IAuditTrail audit, ProgressWriter progress, IEnvironmentJobs jobs, EventOutbox outbox, TimeProvider time)
{
    /// <summary>The environment, if <paramref name="user"/> may know it exists; else <see cref="EnvironmentNotFoundException"/>.</summary>
    public static async Task<TeamEnvironment> LoadVisibleAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken) =>
        await db.Set<TeamEnvironment>().VisibleTo(user).SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);

    /// <summary>The environment, if <paramref name="user"/> works on its team; another team's is not found, a reader's is refused.</summary>
    public static async Task<TeamEnvironment> LoadForChangeAsync(KundDbContext db, KundUser user, Guid id, CancellationToken cancellationToken)
    {
        var environment = await LoadVisibleAsync(db, user, id, cancellationToken);
        RequireMember(user, environment.Team);
        return environment;
    }

    public static void RequireMember(KundUser user, string team)
    {
        if (!user.CanRequestFor(team))
        {
            throw new AccessDeniedException(user.CanChange
                ? $"{user.Email} is not a member of {team}; only its members work on its environments."
                : $"{user.Email} may read environments but not change them.");
        }
    }

    private static void RequireApprover(KundUser user)
    {
        if (!user.CanApprove)
        {
            throw new AccessDeniedException($"{user.Email} is not an approver.");
        }
    }

    /// <summary>
    /// Loads (inside the transaction), changes and writes one environment: the change says who did it,
    /// what the timeline reads and what the audit keeps; the status is announced when it changed.
    /// </summary>
    private Task<TeamEnvironment> TransitionAsync(
        KundDbContext db,
        Func<Task<TeamEnvironment>> load,
        Func<TeamEnvironment, Task<Step>> change,
        CancellationToken cancellationToken) =>
        UnitOfWorkAsync(db, async () =>
        {
            var environment = await load();
            var before = environment.Status;
            var step = await change(environment);
            var changed = step.AnnounceStatus || environment.Status != before;
            return (environment, new Write(
                environment.Id,
                environment.Team,
                step.Actor,
                step.Message,
                step.Audit,
                step.Percent ?? (environment.Status == EnvironmentStatus.Ready ? 100 : 0),
                Status: changed ? environment.Status.ToString() : null));
        }, cancellationToken);

    /// <summary>The one unit of work: what <paramref name="work"/> changed, its audit row and its progress event, in one transaction.</summary>
    private async Task<T> UnitOfWorkAsync<T>(KundDbContext db, Func<Task<(T Result, Write Write)>> work, CancellationToken cancellationToken)
    {
        // A transaction already open on the context belongs to the caller (an endpoint that commits only
        // once the view it answers with is built): the change joins it and the caller commits.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var (result, write) = await work();
            if (write.Audit is { } entry)
            {
                await audit.RecordAsync(db, new AuditEntry(write.Actor, entry.Action, write.Team, write.EnvironmentId, entry.Subject, entry.Details), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await TellAsync(db, write, cancellationToken);
            await progress.AppendAsync(db, write.EnvironmentId, write.Team, write.Message, write.Percent, write.ResourceKey, write.State, write.Status, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var id = ex.Entries.Select(e => e.Entity).OfType<TeamEnvironment>().Select(e => e.Id).FirstOrDefault();
            throw new ConcurrentChangeException(id);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            // A request that raced another past the checks: the unique indexes decide, the loser hears why.
            var environment = db.ChangeTracker.Entries<TeamEnvironment>().Select(e => e.Entity).FirstOrDefault();
            if (environment is not null && unique.TableName == "environments")
            {
                throw new SpecValidationException(
                    ValidationResult.Valid.WithError("name", $"{environment.Team} already has an environment named {environment.Name}."),
                    environment.Spec);
            }

            throw new ConcurrentChangeException(environment?.Id ?? Guid.Empty);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The one place people and webhooks hear of transitions: the status a write moved to (or the revision act
    /// it audits) names the event (<see cref="KundEvents.Of"/>), and its rows join this unit of work.
    /// </summary>
    private async Task TellAsync(KundDbContext db, Write write, CancellationToken cancellationToken)
    {
        var status = Enum.TryParse<EnvironmentStatus>(write.Status, out var moved) ? moved : (EnvironmentStatus?)null;
        if (KundEvents.Of(status, write.Audit?.Action) is not { } @event
            || await db.Set<TeamEnvironment>().FindAsync([write.EnvironmentId], cancellationToken) is not { } environment)
        {
            return;
        }

        var facts = write.Audit?.Details;
        var revision = int.TryParse(facts?.GetValueOrDefault("revision"), System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : (int?)null;
        await outbox.RecordAsync(db, @event, environment, write.Actor, write.Message, facts?.GetValueOrDefault("requestedBy"), revision, cancellationToken);
    }

    /// <summary>The audit of a person's act: the environment's name and status, and the comment when there is one.</summary>
    private static Audited PersonAudit(string action, TeamEnvironment environment, string? comment = null, (string Key, string Value)? extra = null)
    {
        var facts = new Dictionary<string, string?> { ["name"] = environment.Name, ["status"] = environment.Status.ToString() };
        if (comment is not null)
        {
            facts["comment"] = comment;
        }

        if (extra is { } fact)
        {
            facts[fact.Key] = fact.Value;
        }

        return new Audited(action, environment.Name, facts);
    }

    private async Task SnapshotPlanAsync(KundDbContext db, TeamEnvironment environment, bool destroy, CancellationToken cancellationToken)
    {
        var recorded = await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken);
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var planner = new Planner();
        var plan = destroy
            ? planner.PlanDestroy(graph, [.. recorded.Select(r => r.ToRecorded())])
            : planner.PlanCreate(graph, [.. recorded.Select(r => r.ToRecorded())]);
        db.Add(new PlanSnapshot
        {
            EnvironmentId = environment.Id,
            Mode = destroy ? "destroy" : "create",
            CreatedAt = time.GetUtcNow(),
            Add = plan.Summary.Add,
            Change = plan.Summary.Change,
            Destroy = plan.Summary.Destroy,
            Plan = JsonSerializer.Serialize(plan, KundJson.Options),
        });
    }

    /// <summary>What a change did, in words: who, the timeline's line, the audit's entry.</summary>
    private sealed record Step(string Actor, string Message, Audited? Audit = null, int? Percent = null, bool AnnounceStatus = false);

    private sealed record Audited(string Action, string? Subject = null, IReadOnlyDictionary<string, string?>? Details = null);

    private sealed record Write(
        Guid EnvironmentId,
        string Team,
        string Actor,
        string Message,
        Audited? Audit,
        int Percent,
        string? ResourceKey = null,
        ResourceState? State = null,
        string? Status = null);
}
