using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Drift;

/// <summary>Asks for a drift check of an environment and reads the latest one, for the API and the pages.</summary>
public sealed class DriftService(KundDbContext db, DriftSignal signal, TimeProvider time)
{
    /// <summary>Marks a check of a Ready environment as asked for; the monitor runs it (202 in the API).</summary>
    /// <exception cref="EnvironmentNotFoundException">The caller sees no such environment.</exception>
    /// <exception cref="DriftCheckRefusedException">The environment is not Ready.</exception>
    public async Task<DriftView> RequestAsync(KundUser caller, Guid environmentId, CancellationToken cancellationToken)
    {
        var environment = await db.Set<TeamEnvironment>().VisibleTo(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == environmentId, cancellationToken)
            ?? throw new EnvironmentNotFoundException(environmentId);
        if (environment.Status != EnvironmentStatus.Ready)
        {
            throw new DriftCheckRefusedException(environment.Status);
        }

        var check = await db.Set<DriftCheck>().SingleOrDefaultAsync(d => d.EnvironmentId == environmentId, cancellationToken);
        if (check is null)
        {
            check = new DriftCheck { EnvironmentId = environmentId, Team = environment.Team };
            db.Add(check);
        }

        check.Status = DriftCheckStatus.Checking;
        check.RequestedAt = time.GetUtcNow();
        check.RequestedBy = caller.Email;
        check.ClaimedAt = null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<DriftCheck>().Any(e => e.State == EntityState.Added))
        {
            // Another request created the row first: that check covers this one too.
            db.ChangeTracker.Clear();
        }

        signal.Wake();
        return await GetAsync(caller, environmentId, cancellationToken);
    }

    /// <summary>The latest check; <see cref="DriftView.Never"/> when none was ever asked for.</summary>
    /// <exception cref="EnvironmentNotFoundException">The caller sees no such environment.</exception>
    public async Task<DriftView> GetAsync(KundUser caller, Guid environmentId, CancellationToken cancellationToken)
    {
        if (!await db.Set<TeamEnvironment>().VisibleTo(caller).AnyAsync(e => e.Id == environmentId, cancellationToken))
        {
            throw new EnvironmentNotFoundException(environmentId);
        }

        var check = await db.Set<DriftCheck>().AsNoTracking().SingleOrDefaultAsync(d => d.EnvironmentId == environmentId, cancellationToken);
        return check is null ? DriftView.Never : ToView(check);
    }

    public static DriftView ToView(DriftCheck check) => new(
        check.CheckedAt,
        check.Status,
        JsonSerializer.Deserialize<List<DriftItem>>(check.Items, KundJson.Options) ?? [],
        JsonSerializer.Deserialize<List<UnmanagedResource>>(check.Unmanaged, KundJson.Options) ?? [])
    {
        Error = check.Error,
        RequestedBy = check.Status == DriftCheckStatus.Checking ? check.RequestedBy : null,
        State = check.State,
    };
}

/// <summary>Wakes this node's drift monitor when a check is asked for, so it does not wait for its next poll.</summary>
public sealed class DriftSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    /// <summary>Waits until woken or <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
