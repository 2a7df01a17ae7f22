using Kund.Infrastructure.Persistence;

namespace Kund.Infrastructure.Audit;

/// <summary>
/// Appends to the audit history. The row joins the caller's unit of work: call inside a transaction of
/// the given <c>KundDbContext</c>, then <c>SaveChangesAsync</c> and commit; the row is written with the action or
/// not at all. Rows are hash-chained and the table refuses UPDATE and DELETE.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(KundDbContext db, AuditEntry entry, CancellationToken cancellationToken);
}
