using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// The job table's operations. Leases and due times use the database's clock, so every node agrees on
/// when a lease has expired.
/// </summary>
public sealed class JobQueue(TimeProvider time) : IEnvironmentJobs
{
    public const string Channel = "kund_jobs";

    Task IEnvironmentJobs.EnqueueAsync(KundDbContext db, Guid environmentId, bool destroy, CancellationToken cancellationToken) =>
        EnqueueAsync(db, environmentId, destroy ? JobKind.Destroy : JobKind.Provision, cancellationToken);

    async Task<bool> IEnvironmentJobs.LastWasDestroyAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken) =>
        await db.Set<Job>().Where(j => j.EnvironmentId == environmentId).OrderByDescending(j => j.Id).Select(j => (JobKind?)j.Kind).FirstOrDefaultAsync(cancellationToken) == JobKind.Destroy;

    Task IEnvironmentJobs.EnqueueChangeAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken) =>
        EnqueueAsync(db, environmentId, JobKind.Change, cancellationToken);

    async Task<bool> IEnvironmentJobs.LastWasChangeAsync(KundDbContext db, Guid environmentId, CancellationToken cancellationToken) =>
        await db.Set<Job>().Where(j => j.EnvironmentId == environmentId).OrderByDescending(j => j.Id).Select(j => (JobKind?)j.Kind).FirstOrDefaultAsync(cancellationToken) == JobKind.Change;

    async Task<bool> IEnvironmentJobs.RequestStopAsync(KundDbContext db, Guid environmentId, string by, CancellationToken cancellationToken)
    {
        // The first request counts: asking again does not rename who stopped it.
        var now = time.GetUtcNow();
        var marked = await db.Database.ExecuteSqlAsync(
            $"""
            update jobs set "StopRequestedAt" = coalesce("StopRequestedAt", {now}), "StopRequestedBy" = coalesce("StopRequestedBy", {by}),
                   "NextRunAt" = case when "State" = 'Queued' then least("NextRunAt", now()) else "NextRunAt" end, "UpdatedAt" = now()
            where "EnvironmentId" = {environmentId} and "State" in ('Queued', 'Running')
            """,
            cancellationToken);
        if (marked > 0)
        {
            // A job waiting to be retried is due at once (its run stops before the first node); the worker
            // running one asks before each node.
            await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {environmentId.ToString()})", cancellationToken);
        }

        return marked > 0;
    }

    Task<string?> IEnvironmentJobs.StopRequestedByAsync(KundDbContext db, long jobId, CancellationToken cancellationToken) =>
        db.Set<Job>().Where(j => j.Id == jobId).Select(j => j.StopRequestedBy).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Whether a person asked the job to stop; read before each node of its run starts.</summary>
    public static async Task<bool> IsStopRequestedAsync(NpgsqlDataSource database, long jobId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""select "StopRequestedAt" is not null from jobs where "Id" = $1""");
        command.Parameters.AddWithValue(jobId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Adds a job in the caller's transaction (the status change that calls for it) and wakes the workers on commit.</summary>
    public async Task EnqueueAsync(KundDbContext db, Guid environmentId, JobKind kind, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A job must be enqueued in the transaction of the status change that calls for it.");
        }

        var now = time.GetUtcNow();
        db.Add(new Job
        {
            EnvironmentId = environmentId,
            Kind = kind,
            State = JobState.Queued,
            NextRunAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {environmentId.ToString()})", cancellationToken);
    }

    /// <summary>Leases one due job — queued, or running with an expired lease — skipping those other workers hold.</summary>
    public static async Task<JobLease?> TryLeaseAsync(NpgsqlDataSource database, string owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            update jobs set "State" = 'Running', "LeaseOwner" = $1, "LeaseExpiresAt" = now() + $2,
                   "LeaseToken" = "LeaseToken" + 1, "Attempts" = "Attempts" + 1, "UpdatedAt" = now()
            where "Id" = (
                select "Id" from jobs
                where ("State" = 'Queued' and "NextRunAt" <= now())
                   or ("State" = 'Running' and "LeaseExpiresAt" < now())
                order by "NextRunAt", "Id"
                for update skip locked
                limit 1)
            returning "Id", "EnvironmentId", "Kind", "LeaseToken", "Attempts"
            """);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(leaseDuration);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new JobLease(
            reader.GetInt64(0),
            reader.GetGuid(1),
            Enum.Parse<JobKind>(reader.GetString(2)),
            owner,
            reader.GetInt64(3),
            reader.GetInt32(4));
    }

    /// <summary>
    /// How long until the next job becomes leasable — a queued job's retry falls due, or another worker's lease
    /// runs out — by the database's clock; null when no job is queued or running. Zero or less when one is
    /// leasable already (another worker is taking it).
    /// </summary>
    public static async Task<TimeSpan?> NextDueInAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            select extract(epoch from least(
                (select min("NextRunAt") from jobs where "State" = 'Queued'),
                (select min("LeaseExpiresAt") from jobs where "State" = 'Running')) - now())::float8
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>Extends the lease; false when it is no longer ours.</summary>
    public static async Task<bool> RenewAsync(NpgsqlDataSource database, JobLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            update jobs set "LeaseExpiresAt" = now() + $3, "UpdatedAt" = now()
            where "Id" = $1 and "LeaseToken" = $2 and "State" = 'Running'
            """);
        command.Parameters.AddWithValue(lease.JobId);
        command.Parameters.AddWithValue(lease.Token);
        command.Parameters.AddWithValue(leaseDuration);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Fencing: locks the job row for the rest of the caller's transaction if the lease is still ours,
    /// else throws <see cref="LeaseLostException"/> so the transaction rolls back.
    /// </summary>
    public static async Task AssertLeaseAsync(KundDbContext db, JobLease lease, CancellationToken cancellationToken)
    {
        var held = await db.Database
            .SqlQuery<long>($"""select "Id" as "Value" from jobs where "Id" = {lease.JobId} and "LeaseToken" = {lease.Token} and "State" = 'Running' for update""")
            .AnyAsync(cancellationToken);
        if (!held)
        {
            throw new LeaseLostException(lease);
        }
    }

    /// <summary>Ends the job in the caller's transaction (fenced).</summary>
    public static async Task CompleteAsync(KundDbContext db, JobLease lease, JobState final, string? error, CancellationToken cancellationToken)
    {
        await AssertLeaseAsync(db, lease, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            update jobs set "State" = {final.ToString()}, "LeaseOwner" = null, "LeaseExpiresAt" = null, "LastError" = {error}, "UpdatedAt" = now()
            where "Id" = {lease.JobId}
            """,
            cancellationToken);
    }

    /// <summary>
    /// Gives the job back (graceful shutdown, or an unexpected error) so any worker may take it after
    /// <paramref name="delay"/>; the token is left as is, and the next lease raises it.
    /// </summary>
    public static async Task ReleaseAsync(NpgsqlDataSource database, JobLease lease, TimeSpan delay, string? error, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            update jobs set "State" = 'Queued', "LeaseOwner" = null, "LeaseExpiresAt" = null,
                   "NextRunAt" = now() + $3, "LastError" = coalesce($4, "LastError"), "UpdatedAt" = now()
            where "Id" = $1 and "LeaseToken" = $2 and "State" = 'Running'
            """);
        command.Parameters.AddWithValue(lease.JobId);
        command.Parameters.AddWithValue(lease.Token);
        command.Parameters.AddWithValue(delay);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
