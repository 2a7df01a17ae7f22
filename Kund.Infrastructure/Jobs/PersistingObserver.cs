using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Commits every node transition — resource row, progress event with NOTIFY, audit row for what was made
/// or removed — in one fenced transaction before the executor starts anything that depends on it. A
/// crash at any moment therefore leaves the database knowing at least what the cloud has.
/// </summary>
internal sealed class PersistingObserver(
    IDbContextFactory<KundDbContext> dbs,
    JobLease lease,
    string team,
    ISet<string> pendingWork,
    int totalWork,
    ExecutionMode mode,
    IAuditTrail audit,
    ProgressWriter progress,
    IEnumerable<IProvisioningProbe> probes) : IExecutionObserver
{
    private int done = totalWork - pendingWork.Count;

    public int Percent => totalWork == 0 ? 100 : done * 100 / totalWork;

    public async ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken)
    {
        var goal = mode == ExecutionMode.Create ? ResourceState.Created : ResourceState.Deleted;
        if (transition.State == goal && pendingWork.Remove(transition.Key))
        {
            done++;
        }

        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await JobQueue.AssertLeaseAsync(db, lease, cancellationToken);

            var record = await db.Set<ResourceRecord>().SingleAsync(r => r.EnvironmentId == lease.EnvironmentId && r.Key == transition.Key, cancellationToken);
            Apply(record, transition);
            var auditAction = AuditActionFor(transition.State);
            if (auditAction is not null)
            {
                await audit.RecordAsync(
                    db,
                    new AuditEntry(
                        "system",
                        auditAction,
                        team,
                        lease.EnvironmentId,
                        $"{transition.Key} {transition.Resource?.CloudId}".TrimEnd(),
                        new Dictionary<string, string?>
                        {
                            ["kind"] = transition.Kind.ToString(),
                            ["cloudId"] = transition.Resource?.CloudId,
                            ["arn"] = transition.Resource?.Arn,
                            ["error"] = transition.Error,
                        }),
                    cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await progress.AppendAsync(db, lease.EnvironmentId, team, transition.Message, Percent, transition.Key, transition.State, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var probe in probes)
        {
            await probe.TransitionCommittedAsync(lease.EnvironmentId, transition, cancellationToken);
        }
    }

    private static void Apply(ResourceRecord record, NodeTransition transition)
    {
        // Entering Creating or Deleting starts the clock shown on the environment page; a second
        // Creating (the cloud id arrived) or a resumed run keeps it.
        if (transition.State is ResourceState.Creating or ResourceState.Deleting && record.State != transition.State)
        {
            record.StartedAt = transition.At;
        }

        record.State = transition.State;
        record.Attempt = transition.Attempt;
        record.UpdatedAt = transition.At;
        if (transition.Resource is { } resource)
        {
            record.CloudId = resource.CloudId;
            record.Arn = resource.Arn;
            record.Attributes = ResourceRecords.WriteAttributes(resource.Attributes);
        }

        record.Error = transition.State == ResourceState.Failed ? transition.Error ?? transition.Message : null;
    }

    private static string? AuditActionFor(ResourceState state) => state switch
    {
        ResourceState.Created => AuditActions.ResourceCreated,
        ResourceState.Deleted => AuditActions.ResourceDeleted,
        ResourceState.Failed => AuditActions.ResourceFailed,
        ResourceState.Pending or ResourceState.Creating or ResourceState.Deleting => null,
    };
}
