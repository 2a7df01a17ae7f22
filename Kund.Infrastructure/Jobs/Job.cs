namespace Kund.Infrastructure.Jobs;

public enum JobKind
{
    Provision,
    Destroy,

    /// <summary>Applies an approved revision to a running environment (its diff plan).</summary>
    Change,
}

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// Work for a worker on any node: leased with <c>FOR UPDATE SKIP LOCKED</c>, kept by heartbeats, taken over
/// when the lease expires. <see cref="LeaseToken"/> grows with every lease, so a stalled worker's writes
/// are refused once another has taken the job (fencing).
/// </summary>
public sealed class Job
{
    public long Id { get; set; }

    public Guid EnvironmentId { get; set; }

    public JobKind Kind { get; set; }

    public JobState State { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public long LeaseToken { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// When a person asked the run to stop: the runner starts no node after it, whichever worker holds the
    /// job (or takes it over later, if none was alive then).
    /// </summary>
    public DateTimeOffset? StopRequestedAt { get; set; }

    /// <summary>Who asked the run to stop, named when the environment ends Failed.</summary>
    public string? StopRequestedBy { get; set; }
}
