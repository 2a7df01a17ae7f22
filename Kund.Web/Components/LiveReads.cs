using Npgsql;

namespace Kund.Web.Components;

/// <summary>
/// How many live components of this process do their work at once after an event or a catch-up (a page
/// reading again what a transition changed). One event seen by 200 open pages would otherwise ask the
/// connection pool for 200 connections at the same moment, and those past the pool's wait would fail; bounded
/// to a quarter of the pool, they take turns and leave the rest to requests, the hub and the workers.
/// </summary>
public sealed class LiveReads : IDisposable
{
    private readonly SemaphoreSlim gate;

    public LiveReads(NpgsqlDataSource database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Limit = LimitFor(database.ConnectionString);
        gate = new SemaphoreSlim(Limit, Limit);
    }

    /// <summary>At most this many live components work at once.</summary>
    public int Limit { get; }

    /// <summary>A quarter of the pool's <c>Maximum Pool Size</c>, at least two.</summary>
    public static int LimitFor(string connectionString) =>
        Math.Max(2, new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize / 4);

    /// <summary>Waits for a turn; dispose the answer to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    public void Dispose() => gate.Dispose();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
