using Kund.Infrastructure.Persistence;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The job on whose behalf Kund moves an environment, as <see cref="EnvironmentLifecycle"/> needs it: every
/// write is fenced by the job's lease, and the run's last transition also ends the job.
/// </summary>
/// <param name="JobId">Named in the audit of the run's outcome.</param>
/// <param name="Destroy">A destroy run; else a provisioning run.</param>
/// <param name="Attempt">1 for the first lease of the job; more when a run resumes.</param>
/// <param name="FenceAsync">Locks the job for the transaction while the lease is ours; throws when it is not.</param>
/// <param name="CompleteAsync">Ends the job in the transaction: succeeded or not, with the error.</param>
/// <param name="Change">A change run, applying the environment's revision in Applying.</param>
public sealed record LifecycleRun(
    long JobId,
    bool Destroy,
    int Attempt,
    Func<KundDbContext, CancellationToken, Task> FenceAsync,
    Func<KundDbContext, bool, string?, CancellationToken, Task> CompleteAsync,
    bool Change = false);
