using Kund.Domain.Planning;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// What the dashboard's pages show, read in one place: the environment page's view with its plan and
/// critical path, and the home page's filtered list.
/// </summary>
public sealed class EnvironmentPageQueries(KundDbContext db, EnvironmentQueries queries, IOptions<AwsOptions> aws)
{
    /// <summary>The environment page: the view, the plan for what happens next, the path to draw bold, the latency model for estimates.</summary>
    public async Task<EnvironmentPageModel> GetAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await queries.Visible(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var records = await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken);
        var view = await queries.ToViewAsync(caller, environment, records, cancellationToken);
        var plan = EnvironmentQueries.PlanOf(environment, records);

        // Nothing left to do (Ready): mark the path that set how long the work took.
        var criticalPath = plan.CriticalPath.Count > 0 ? plan.CriticalPath : new Planner().FullCriticalPath(plan);
        return new EnvironmentPageModel(view, plan, criticalPath, Latency);
    }

    /// <summary>The home page: newest first, narrowed by status and by a part of the name.</summary>
    public Task<Page<EnvironmentView>> ListAsync(KundUser caller, EnvironmentListFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = queries.Visible(caller).AsNoTracking();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            var wanted = statuses.ToList();
            query = query.Where(e => wanted.Contains(e.Status));
        }

        if (filter.NameContains is { Length: > 0 } part)
        {
            query = query.Where(e => EF.Functions.ILike(e.Name, "%" + EscapeLike(part) + "%", "\\"));
        }

        return queries.PageAsync(caller, query, cursor, Math.Clamp(limit, 1, EnvironmentQueries.MaxLimit), cancellationToken);
    }

    /// <summary>Expected durations as this cloud runs them: the sandbox is time-scaled.</summary>
    private LatencyModel Latency => LatencyModel.Default.Scaled(1 / aws.Value.EffectiveTimeScale);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
