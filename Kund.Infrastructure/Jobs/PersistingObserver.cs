using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Records every node transition of a run before the executor starts anything that depends on it: the
/// node's row, through <see cref="EnvironmentLifecycle.RecordNodeAsync"/> (with its audit and progress
/// event, fenced by the lease). A crash at any moment therefore leaves the database knowing at least
/// what the cloud has. Transitions the executor hands over together are committed in one transaction.
/// </summary>
internal sealed class PersistingObserver(
    IDbContextFactory<KundDbContext> dbs,
    EnvironmentLifecycle lifecycle,
    LifecycleRun run,
    Guid environmentId,
    string team,
    ISet<string> pendingWork,
    int totalWork,
    ExecutionMode mode,
    IEnumerable<IProvisioningProbe> probes) : IExecutionObserver
{
    private int done = totalWork - pendingWork.Count;

    public int Percent => totalWork == 0 ? 100 : done * 100 / totalWork;

    public ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken) =>
        OnTransitionsAsync([transition], cancellationToken);

    /// <summary>Transitions of several nodes that arrived together: one transaction for all of them.</summary>
    public async ValueTask OnTransitionsAsync(IReadOnlyList<NodeTransition> transitions, CancellationToken cancellationToken)
    {
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            // Each record joins this transaction (EnvironmentLifecycle commits only a transaction it opened).
            await using var transaction = transitions.Count > 1 ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            foreach (var transition in transitions)
            {
                // A change run (mode Create) also deletes: a node's work is done at either end.
                var goal = mode == ExecutionMode.Create ? ResourceState.Created : ResourceState.Deleted;
                if ((transition.State == goal || transition.State == ResourceState.Deleted) && pendingWork.Remove(transition.Key))
                {
                    done++;
                }

                await lifecycle.RecordNodeAsync(db, run, environmentId, team, transition, Percent, record => Apply(record, transition), cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        foreach (var transition in transitions)
        {
            foreach (var probe in probes)
            {
                await probe.TransitionCommittedAsync(environmentId, transition, cancellationToken);
            }
        }
    }

    private static void Apply(ResourceRecord record, NodeTransition transition)
    {
        var startsCreate = transition.State == ResourceState.Creating && record.State != ResourceState.Creating;

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
        else if (startsCreate)
        {
            // A create begins anew (its first Creating carries no resource yet): what an older run recorded, a
            // resource since deleted or one that failed, is not what this run makes. Kept, a run resumed after a
            // crash here would take it for the resource being made and wait on it instead of creating one.
            record.CloudId = null;
            record.Arn = null;
            record.Attributes = "{}";
        }

        record.Error = transition.State == ResourceState.Failed ? transition.Error ?? transition.Message : null;
    }
}
