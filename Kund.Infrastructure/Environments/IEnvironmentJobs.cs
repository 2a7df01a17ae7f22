using Kund.Infrastructure.Persistence;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The jobs an environment's transitions call for, as the lifecycle sees them. The job queue implements it,
/// so that Environments knows nothing of how jobs are leased and run.
/// </summary>
public interface IEnvironmentJobs
{
    /// <summary>Adds a provisioning (or, with <paramref name="destroy"/>, a destroy) job in <paramref name="db"/>'s open transaction.</summary>
    Task EnqueueAsync(KundDbContext db, Guid environmentId, bool destroy, CancellationToken cancellationToken);

    /// <summary>Whether the environment's last job was a destroy: a retry then destroys again.</summary>
    Task<bool> LastWasDestroyAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken);

    /// <summary>Adds a change job (applying the environment's revision in Applying) in <paramref name="db"/>'s open transaction.</summary>
    Task EnqueueChangeAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken);

    /// <summary>Whether the environment's last job was a change run: a retry then resumes the change.</summary>
    Task<bool> LastWasChangeAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the environment's unfinished job as asked to stop by <paramref name="by"/>, in <paramref name="db"/>'s
    /// open transaction; false when no job is unfinished (nothing runs that could stop).
    /// </summary>
    Task<bool> RequestStopAsync(KundDbContext db, Guid environmentId, string by, CancellationToken cancellationToken);

    /// <summary>Who asked the job to stop; null when nobody did.</summary>
    Task<string?> StopRequestedByAsync(KundDbContext db, long jobId, CancellationToken cancellationToken);
}
