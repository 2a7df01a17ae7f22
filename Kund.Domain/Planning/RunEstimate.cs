using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>One resource as <see cref="RunEstimate"/> sees it: what it waits for, where it is, since when.</summary>
public sealed record EstimateNode(string Key, ResourceKind Kind, IReadOnlyList<string> DependsOn, ResourceState State, DateTimeOffset? StartedAt);

/// <summary>
/// How far a run is, by time rather than by resources: the cluster is one resource of fifteen but most of
/// the wait. The time left is the longest chain of remaining work by the latency model's expected
/// durations, counting what a busy resource has already spent; the share done is the time elapsed since
/// the run's first resource started, out of that time plus the time left.
/// </summary>
public sealed record RunEstimate(int Percent, TimeSpan Remaining)
{
    /// <param name="destroy">A destroy run: resources wait for their dependents and are done when deleted.</param>
    public static RunEstimate Of(IReadOnlyList<EstimateNode> nodes, bool destroy, LatencyModel latency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(latency);
        var byKey = nodes.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var waitsFor = destroy
            ? nodes.ToDictionary(n => n.Key, n => nodes.Where(d => d.DependsOn.Contains(n.Key, StringComparer.Ordinal)).Select(d => d.Key).ToList(), StringComparer.Ordinal)
            : nodes.ToDictionary(n => n.Key, n => n.DependsOn.Where(byKey.ContainsKey).ToList(), StringComparer.Ordinal);
        var goal = destroy ? ResourceState.Deleted : ResourceState.Created;
        var busy = destroy ? ResourceState.Deleting : ResourceState.Creating;
        var finish = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        DateTimeOffset FinishOf(EstimateNode node, int guard)
        {
            if (finish.TryGetValue(node.Key, out var known))
            {
                return known;
            }

            var expected = destroy ? latency.DeleteDuration(node.Kind) : latency.CreateDuration(node.Kind);
            DateTimeOffset end;
            if (node.State == goal || (destroy && node.State == ResourceState.Pending))
            {
                // Done, or (never created) nothing to delete.
                end = now;
            }
            else if (node.State == busy && node.StartedAt is { } started)
            {
                // Overdue work is expected to end any moment, not to have ended.
                end = Later(started + expected, now);
            }
            else
            {
                // The graph is acyclic; the guard only stops a malformed one from recursing forever.
                var ready = guard > nodes.Count ? now : waitsFor[node.Key].Select(k => FinishOf(byKey[k], guard + 1)).DefaultIfEmpty(now).Max();
                end = Later(ready, now) + expected;
            }

            finish[node.Key] = end;
            return end;
        }

        var last = nodes.Select(n => FinishOf(n, 0)).DefaultIfEmpty(now).Max();
        var remaining = last - now;
        if (nodes.All(n => n.State == goal || (destroy && n.State == ResourceState.Pending)))
        {
            return new RunEstimate(100, TimeSpan.Zero);
        }

        var started = nodes.Where(n => n.StartedAt is not null && (n.State == goal || n.State == busy)).Select(n => n.StartedAt!.Value).DefaultIfEmpty(now).Min();
        var elapsed = now > started ? now - started : TimeSpan.Zero;
        var total = elapsed + remaining;
        var percent = total <= TimeSpan.Zero ? 0 : (int)(100 * elapsed.Ticks / total.Ticks);
        return new RunEstimate(Math.Clamp(percent, 0, 99), remaining);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
