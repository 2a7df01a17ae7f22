using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kund.Infrastructure.Environments;

/// <summary>The outcome of checking a spec: the effective spec (defaults filled in) and what is wrong with it.</summary>
public sealed record SpecCheck(EnvironmentSpec EffectiveSpec, ValidationResult Result);

/// <summary>
/// Everything a person does to an environment, for the pages and the API alike. Each command is one
/// transaction: the status change, its audit row, its progress event (with NOTIFY) and, on approval or
/// destroy, the job — all committed together or not at all.
/// </summary>
public sealed class EnvironmentService(
    KundDbContext db,
    ICloudCatalog catalog,
    IAuditTrail audit,
    ProgressWriter progress,
    JobQueue jobs,
    TimeProvider time)
{
    public async Task<SpecCheck> CheckAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        var cloud = await catalog.GetAsync(cancellationToken);
        var effective = SpecDefaults.Apply(spec, cloud);
        return new SpecCheck(effective, SpecValidator.Validate(effective, cloud, time.GetUtcNow()));
    }

    public Task<TeamEnvironment> CreateDraftAsync(Caller caller, EnvironmentSpec spec, CancellationToken cancellationToken) =>
        CreateDraftAsync(caller, spec, wizardStep: null, cancellationToken);

    /// <summary>A draft; <paramref name="wizardStep"/> is the furthest wizard step seen (null: the spec is complete as given).</summary>
    public async Task<TeamEnvironment> CreateDraftAsync(Caller caller, EnvironmentSpec spec, int? wizardStep, CancellationToken cancellationToken)
    {
        RequireMember(caller, spec.Team);
        var check = await CheckValidAsync(spec, excludeId: null, cancellationToken);
        return await InTransactionAsync(async () =>
        {
            var environment = TeamEnvironment.CreateDraft(check.EffectiveSpec, caller.Email, time.GetUtcNow(), wizardStep: wizardStep);
            db.Add(environment);
            await RecordAsync(caller, AuditActions.EnvironmentCreated, environment, cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await progress.AppendAsync(db, environment.Id, environment.Team, $"Draft created by {caller.Email}", 0, status: environment.Status.ToString(), cancellationToken: cancellationToken);
            return environment;
        });
    }

    public Task<TeamEnvironment> UpdateDraftAsync(Caller caller, Guid id, EnvironmentSpec spec, CancellationToken cancellationToken) =>
        UpdateDraftAsync(caller, id, spec, wizardStep: null, cancellationToken);

    /// <summary>Replaces a draft's spec; <paramref name="wizardStep"/> as for <see cref="CreateDraftAsync(Caller, EnvironmentSpec, int?, CancellationToken)"/>.</summary>
    public async Task<TeamEnvironment> UpdateDraftAsync(Caller caller, Guid id, EnvironmentSpec spec, int? wizardStep, CancellationToken cancellationToken)
    {
        var environment = await LoadForChangeAsync(caller, id, cancellationToken);
        if (!string.Equals(spec.Team, environment.Team, StringComparison.Ordinal))
        {
            var result = ValidationResult.Valid.WithError("team", $"An environment stays with its team: this one belongs to {environment.Team}, not {spec.Team}.");
            throw new SpecValidationException(result, spec);
        }

        var check = await CheckValidAsync(spec, excludeId: id, cancellationToken);
        return await InTransactionAsync(async () =>
        {
            environment.UpdateSpec(check.EffectiveSpec, time.GetUtcNow(), wizardStep);
            await RecordAsync(caller, AuditActions.EnvironmentUpdated, environment, cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await progress.AppendAsync(db, environment.Id, environment.Team, $"Draft updated by {caller.Email}", 0, cancellationToken: cancellationToken);
            return environment;
        });
    }

    public Task<TeamEnvironment> SubmitAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: true, async environment =>
        {
            environment.Submit(time.GetUtcNow());
            await SnapshotPlanAsync(environment, PlanMode.Create, cancellationToken);
            await RecordAsync(caller, AuditActions.EnvironmentSubmitted, environment, cancellationToken: cancellationToken);
            return $"Submitted for approval by {caller.Email}";
        }, cancellationToken);

    /// <summary>Approves a request — or, for a prod environment whose destroy waits, that destroy. Never the requester's own.</summary>
    public Task<TeamEnvironment> ApproveAsync(Caller caller, Guid id, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: false, async environment =>
        {
            RequireApprover(caller);
            var now = time.GetUtcNow();
            if (environment.IsDestroyAwaitingApproval)
            {
                environment.ApproveDestroy(caller.Email, now);
                await SnapshotPlanAsync(environment, PlanMode.Destroy, cancellationToken);
                await RecordAsync(caller, AuditActions.EnvironmentApproved, environment, comment, ("approves", "destroy"), cancellationToken);
                await jobs.EnqueueAsync(db, environment.Id, JobKind.Destroy, cancellationToken);
                return $"Destroy approved by {caller.Email}";
            }

            environment.Approve(caller.Email, comment, now);
            await SnapshotPlanAsync(environment, PlanMode.Create, cancellationToken);
            await RecordAsync(caller, AuditActions.EnvironmentApproved, environment, comment, ("approves", "create"), cancellationToken);
            await jobs.EnqueueAsync(db, environment.Id, JobKind.Provision, cancellationToken);
            return $"Approved by {caller.Email}";
        }, cancellationToken);

    public Task<TeamEnvironment> RejectAsync(Caller caller, Guid id, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: false, async environment =>
        {
            RequireApprover(caller);
            environment.Reject(caller.Email, comment, time.GetUtcNow());
            await RecordAsync(caller, AuditActions.EnvironmentRejected, environment, comment, cancellationToken: cancellationToken);
            return $"Rejected by {caller.Email}";
        }, cancellationToken);

    public Task<TeamEnvironment> CancelAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: true, async environment =>
        {
            environment.Cancel(time.GetUtcNow());
            await RecordAsync(caller, AuditActions.EnvironmentCancelled, environment, cancellationToken: cancellationToken);
            return $"Cancelled by {caller.Email}";
        }, cancellationToken);

    /// <summary>Failed → runs the failed job's kind again, resuming from the recorded node states.</summary>
    public Task<TeamEnvironment> RetryAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: true, async environment =>
        {
            var lastJob = await db.Set<Job>().Where(j => j.EnvironmentId == id).OrderByDescending(j => j.Id).Select(j => (JobKind?)j.Kind).FirstOrDefaultAsync(cancellationToken);
            var now = time.GetUtcNow();
            await RecordAsync(caller, AuditActions.EnvironmentRetried, environment, cancellationToken: cancellationToken);
            if (lastJob == JobKind.Destroy && environment.Status == EnvironmentStatus.Failed)
            {
                environment.StartDestroy(caller.Email, now);
                await jobs.EnqueueAsync(db, environment.Id, JobKind.Destroy, cancellationToken);
                return $"Destroy retried by {caller.Email}";
            }

            environment.StartProvisioning(now);
            await jobs.EnqueueAsync(db, environment.Id, JobKind.Provision, cancellationToken);
            return $"Provisioning retried by {caller.Email}";
        }, cancellationToken);

    /// <summary>Ready or Failed → Destroying; a prod environment first waits for an approver.</summary>
    public Task<TeamEnvironment> DestroyAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, requireMember: true, environment => StartDestroyAsync(caller, environment, AuditActions.EnvironmentDestroyRequested, cancellationToken), cancellationToken);

    /// <summary>For the expiry service: destroys an environment whose time is up, as <see cref="Caller.System"/>.</summary>
    public Task<TeamEnvironment> ExpireAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(Caller.System, id, requireMember: false, environment => StartDestroyAsync(Caller.System, environment, AuditActions.EnvironmentExpired, cancellationToken), cancellationToken);

    private async Task<string> StartDestroyAsync(Caller caller, TeamEnvironment environment, string auditAction, CancellationToken cancellationToken)
    {
        var started = environment.StartDestroy(caller.Email, time.GetUtcNow());
        await RecordAsync(caller, auditAction, environment, details: ("destroy", started.ToString()), cancellationToken: cancellationToken);
        if (started == DestroyStart.AwaitingApproval)
        {
            return $"Destroy requested by {caller.Email}; a prod environment waits for an approver";
        }

        await SnapshotPlanAsync(environment, PlanMode.Destroy, cancellationToken);
        await jobs.EnqueueAsync(db, environment.Id, JobKind.Destroy, cancellationToken);
        return auditAction == AuditActions.EnvironmentExpired ? "Expired: destroying" : $"Destroy started by {caller.Email}";
    }

    private async Task<TeamEnvironment> ChangeAsync(Caller caller, Guid id, bool requireMember, Func<TeamEnvironment, Task<string>> change, CancellationToken cancellationToken)
    {
        var environment = requireMember ? await LoadForChangeAsync(caller, id, cancellationToken) : await LoadVisibleAsync(caller, id, cancellationToken);
        return await InTransactionAsync(async () =>
        {
            var before = environment.Status;
            var message = await change(environment);
            await db.SaveChangesAsync(cancellationToken);
            await progress.AppendAsync(
                db,
                environment.Id,
                environment.Team,
                message,
                environment.Status == EnvironmentStatus.Ready ? 100 : 0,
                status: environment.Status != before ? environment.Status.ToString() : null,
                cancellationToken: cancellationToken);
            return environment;
        });
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            var result = await work();
            await transaction.CommitAsync();
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

    private async Task<TeamEnvironment> LoadVisibleAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await db.Set<TeamEnvironment>().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        return environment is not null && caller.CanSee(environment.Team) ? environment : throw new EnvironmentNotFoundException(id);
    }

    private async Task<TeamEnvironment> LoadForChangeAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await LoadVisibleAsync(caller, id, cancellationToken);
        RequireMember(caller, environment.Team);
        return environment;
    }

    private static void RequireMember(Caller caller, string team)
    {
        if (!caller.CanWorkOn(team))
        {
            throw new AccessDeniedException(caller.CanChange
                ? $"{caller.Email} is not a member of {team}; only its members work on its environments."
                : $"{caller.Email} may read environments but not change them.");
        }
    }

    private static void RequireApprover(Caller caller)
    {
        if (!caller.CanApprove)
        {
            throw new AccessDeniedException($"{caller.Email} is not an approver.");
        }
    }

    private async Task<SpecCheck> CheckValidAsync(EnvironmentSpec spec, Guid? excludeId, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(spec, cancellationToken);
        var result = check.Result;
        var taken = await db.Set<TeamEnvironment>().AnyAsync(
            e => e.Team == check.EffectiveSpec.Team && e.Name == check.EffectiveSpec.Name && e.Id != excludeId
                && e.Status != EnvironmentStatus.Destroyed && e.Status != EnvironmentStatus.Cancelled && e.Status != EnvironmentStatus.Rejected,
            cancellationToken);
        if (taken)
        {
            result = result.WithError("name", $"{check.EffectiveSpec.Team} already has an environment named {check.EffectiveSpec.Name}.");
        }

        return result.IsValid ? check with { Result = result } : throw new SpecValidationException(result, check.EffectiveSpec);
    }

    private async Task SnapshotPlanAsync(TeamEnvironment environment, PlanMode mode, CancellationToken cancellationToken)
    {
        var recorded = await db.Set<ResourceRecord>().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken);
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var planner = new Planner();
        var plan = mode == PlanMode.Create
            ? planner.PlanCreate(graph, [.. recorded.Select(r => r.ToRecorded())])
            : planner.PlanDestroy(graph, [.. recorded.Select(r => r.ToRecorded())]);
        db.Add(new PlanSnapshot
        {
            EnvironmentId = environment.Id,
            Mode = mode == PlanMode.Create ? "create" : "destroy",
            CreatedAt = time.GetUtcNow(),
            Add = plan.Summary.Add,
            Change = plan.Summary.Change,
            Destroy = plan.Summary.Destroy,
            Plan = JsonSerializer.Serialize(plan, KundJson.Options),
        });
    }

    private Task RecordAsync(
        Caller caller,
        string action,
        TeamEnvironment environment,
        string? comment = null,
        (string Key, string Value)? details = null,
        CancellationToken cancellationToken = default)
    {
        var facts = new Dictionary<string, string?> { ["name"] = environment.Name, ["status"] = environment.Status.ToString() };
        if (comment is not null)
        {
            facts["comment"] = comment;
        }

        if (details is { } extra)
        {
            facts[extra.Key] = extra.Value;
        }

        return audit.RecordAsync(db, new AuditEntry(caller.Email, action, environment.Team, environment.Id, environment.Name, facts), cancellationToken);
    }

    private enum PlanMode
    {
        Create,
        Destroy,
    }
}
