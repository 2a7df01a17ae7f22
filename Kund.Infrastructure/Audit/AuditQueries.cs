using System.Globalization;
using System.Text.Json;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Audit;

/// <summary>Filters of the audit history; all optional.</summary>
public sealed record AuditFilter(
    string? Team = null,
    Guid? EnvironmentId = null,
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>An audit row as the history page and <c>GET /api/audit</c> show it.</summary>
public sealed record AuditItem(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Team,
    Guid? EnvironmentId,
    string? Subject,
    IReadOnlyDictionary<string, string?> Details,
    string Hash);

/// <summary>
/// The audit history, newest first, keyset-paged on the id so a deep page costs what the first one does.
/// Requesters see their teams' rows and their own actions; approvers, auditors and admins see everything.
/// </summary>
public sealed class AuditQueries(KundDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public async Task<Page<AuditItem>> ListAsync(KundUser caller, AuditFilter filter, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var query = await FilteredAsync(caller, filter, cancellationToken);
        if (cursor is not null)
        {
            var before = long.Parse(cursor, NumberStyles.None, CultureInfo.InvariantCulture);
            query = query.Where(e => e.Id < before);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(ToItem).ToList();
        return new Page<AuditItem>(items, rows.Count > take ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Every row the filter matches, newest first, streamed (CSV export).</summary>
    public async IAsyncEnumerable<AuditItem> StreamAsync(KundUser caller, AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = await FilteredAsync(caller, filter, cancellationToken);
        await foreach (var row in query.OrderByDescending(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ToItem(row);
        }
    }

    /// <summary>The SQL of a first page, for EXPLAIN in the benchmarks.</summary>
    public async Task<string> ToSqlAsync(KundUser caller, AuditFilter filter, int limit, CancellationToken cancellationToken) =>
        (await FilteredAsync(caller, filter, cancellationToken)).OrderByDescending(e => e.Id).Take(limit).ToQueryString();

    private async Task<IQueryable<AuditEvent>> FilteredAsync(KundUser caller, AuditFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Set<AuditEvent>().AsNoTracking();
        var email = caller.Email;
        query = query.VisibleTo(caller, e => e.Actor == email);

        if (!string.IsNullOrEmpty(filter.Team))
        {
            query = query.Where(e => e.Team == filter.Team);
        }

        if (filter.EnvironmentId is { } environmentId)
        {
            query = query.Where(e => e.EnvironmentId == environmentId);
        }

        if (!string.IsNullOrEmpty(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor);
        }

        if (!string.IsNullOrEmpty(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        // Pages are ordered by id, so a time window is turned into an id range first (two index lookups on
        // (At, Id)): the page then walks the primary key inside the window instead of filtering the whole
        // history by time. Ids grow with time because rows are appended under the chain's lock.
        if (filter.From is { } from)
        {
            var first = await db.Set<AuditEvent>().Where(e => e.At >= from).OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken) ?? long.MaxValue;
            query = query.Where(e => e.Id >= first && e.At >= from);
        }

        if (filter.To is { } to)
        {
            var last = await db.Set<AuditEvent>().Where(e => e.At < to).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken) ?? long.MinValue;
            query = query.Where(e => e.Id <= last && e.At < to);
        }

        return query;
    }

    private static AuditItem ToItem(AuditEvent e) =>
        new(e.Id, e.At, e.Actor, e.Action, e.Team, e.EnvironmentId, e.Subject, JsonSerializer.Deserialize<Dictionary<string, string?>>(e.Details) ?? [], e.Hash);
}
