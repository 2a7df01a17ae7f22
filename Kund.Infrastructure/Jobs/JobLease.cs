namespace Kund.Infrastructure.Jobs;

/// <summary>A job this worker holds. Every write on its behalf presents <see cref="Token"/> (fencing).</summary>
public sealed record JobLease(long JobId, Guid EnvironmentId, JobKind Kind, string Owner, long Token, int Attempts);

/// <summary>The lease was taken over by another worker (or the job ended): stop, write nothing more.</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException(JobLease lease)
        : base($"Job {lease.JobId} is no longer leased to {lease.Owner} with token {lease.Token}.")
    {
    }

    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
