using System.Text.Json;
using Kund.Domain.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Audit;

/// <summary>
/// Writes hash-chained audit rows, keyed with the <see cref="AuditKey"/>. Appends are serialised by a transaction-scoped advisory lock, so the
/// row that reads the chain's head is the one that extends it, on any node; the lock is released at the
/// caller's commit or rollback.
/// </summary>
public sealed class AuditTrail(TimeProvider time, AuditKey key) : IAuditTrail
{
    /// <summary>The advisory lock key of the chain's head ("kund" + "audit" in ASCII, shortened).</summary>
    public const long ChainLockKey = 0x6B756E6461756474;

    public async Task RecordAsync(KundDbContext db, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit entry must be recorded inside the transaction of the action it describes.");
        }

        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({ChainLockKey})", cancellationToken);

        // Rows of this unit of work not yet saved extend the chain too.
        var pending = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .LastOrDefault();
        var previousHash = pending?.Hash
            ?? await db.Set<AuditEvent>().OrderByDescending(e => e.Id).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken)
            ?? AuditChain.GenesisHash;

        var at = AuditChain.Truncate(time.GetUtcNow());
        var details = entry.Details ?? new Dictionary<string, string?>();
        var content = new AuditContent(at, entry.Actor, entry.Action, entry.Team, entry.EnvironmentId, entry.Subject, details);
        var hash = AuditChain.ComputeHash(key, previousHash, content);
        db.Add(AuditEvent.Create(at, entry, JsonSerializer.Serialize(details), previousHash, hash));
    }
}
