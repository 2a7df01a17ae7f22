using System.Text.Json.Nodes;
using Kund.Domain.Revisions;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Blueprints;

/// <summary>Reads which blueprint version environments are on, for views of one environment or a whole page in one query.</summary>
public static class EnvironmentBlueprints
{
    /// <summary>The blueprint each of <paramref name="ids"/> is on (those made from one), with the latest version of it.</summary>
    public static async Task<IReadOnlyDictionary<Guid, EnvironmentBlueprintView>> OfAsync(KundDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var links = await db.Set<EnvironmentBlueprint>().AsNoTracking()
            .Where(b => ids.Contains(b.EnvironmentId))
            .Where(b => b.Revision == 1 || db.Set<EnvironmentRevision>().Any(r => r.EnvironmentId == b.EnvironmentId && r.Number == b.Revision && r.Status == RevisionStatus.Applied))
            .Select(b => new { Link = b, Latest = db.Set<BlueprintVersion>().Where(v => v.Name == b.Name).Max(v => v.Version) })
            .ToListAsync(cancellationToken);
        return links.GroupBy(l => l.Link.EnvironmentId).ToDictionary(
            g => g.Key,
            g =>
            {
                var newest = g.MaxBy(l => l.Link.Revision)!;
                return new EnvironmentBlueprintView(newest.Link.Name, newest.Link.Version)
                {
                    Latest = newest.Latest,
                    Parameters = JsonNode.Parse(newest.Link.Parameters)!.AsObject(),
                };
            });
    }
}
