using System.Globalization;
using Kund.Domain.Cost;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// Reads for the pages and the API. Team isolation is part of every query: a requester's queries only
/// ever touch their teams' rows, and another team's environment is reported as not found.
/// </summary>
public sealed class EnvironmentQueries(KundDbContext db, ICloudCatalog catalog)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async Task<EnvironmentView> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await Visible(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var resources = await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken);
        return await ToViewAsync(caller, environment, resources, cancellationToken);
    }

    /// <summary>Newest first; <paramref name="cursor"/> is the <c>nextCursor</c> of the previous page.</summary>
    public async Task<Page<EnvironmentView>> ListAsync(Caller caller, EnvironmentStatus? status, string? team, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var query = Visible(caller).AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(e => e.Status == s);
        }

        if (!string.IsNullOrEmpty(team))
        {
            query = query.Where(e => e.Team == team);
        }

        if (cursor is not null)
        {
            var after = Guid.Parse(cursor, CultureInfo.InvariantCulture);
            query = query.Where(e => e.Id.CompareTo(after) < 0);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var ids = page.Select(e => e.Id).ToList();
        var resources = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => ids.Contains(r.EnvironmentId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.EnvironmentId);
        var views = new List<EnvironmentView>(page.Count);
        foreach (var environment in page)
        {
            views.Add(await ToViewAsync(caller, environment, [.. resources[environment.Id]], cancellationToken));
        }

        return new Page<EnvironmentView>(views, rows.Count > take ? page[^1].Id.ToString("D") : null);
    }

    /// <summary>The plan for what happens next: the destroy plan once a destroy is asked for, else the create plan (no-ops for what exists).</summary>
    public async Task<Plan> GetPlanAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await Visible(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var recorded = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken))
            .Select(r => r.ToRecorded())
            .ToList();
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var destroying = environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed || environment.IsDestroyAwaitingApproval;
        return destroying ? new Planner().PlanDestroy(graph, recorded) : new Planner().PlanCreate(graph, recorded);
    }

    public async Task<IReadOnlyList<ProgressEvent>> GetEventsAsync(Caller caller, Guid id, long after, CancellationToken cancellationToken)
    {
        if (!await Visible(caller).AnyAsync(e => e.Id == id, cancellationToken))
        {
            throw new EnvironmentNotFoundException(id);
        }

        return await db.Set<ProgressEvent>().AsNoTracking()
            .Where(e => e.EnvironmentId == id && e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(10_000)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every cloud resource Kund manages (recorded with a cloud id and not deleted), by team, kind and state.</summary>
    public async Task<IReadOnlyList<InventoryItem>> GetInventoryAsync(Caller caller, string? team, ResourceKind? kind, ResourceState? state, CancellationToken cancellationToken)
    {
        var resources = db.Set<ResourceRecord>().AsNoTracking().Where(r => r.CloudId != null);
        if (!caller.SeesAllTeams)
        {
            var teams = caller.Teams.ToList();
            resources = resources.Where(r => teams.Contains(r.Team));
        }

        if (!string.IsNullOrEmpty(team))
        {
            resources = resources.Where(r => r.Team == team);
        }

        resources = kind is { } k ? resources.Where(r => r.Kind == k) : resources;
        resources = state is { } s ? resources.Where(r => r.State == s) : resources.Where(r => r.State != ResourceState.Deleted);
        var rows = await resources
            .Join(db.Set<TeamEnvironment>(), r => r.EnvironmentId, e => e.Id, (r, e) => new { Resource = r, EnvironmentName = e.Name })
            .OrderBy(x => x.Resource.Team).ThenBy(x => x.EnvironmentName).ThenBy(x => x.Resource.Key)
            .Take(10_000)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new InventoryItem(x.Resource.EnvironmentId, x.EnvironmentName, x.Resource.Team, x.Resource.Key, x.Resource.Kind, x.Resource.State, x.Resource.CloudId, x.Resource.Arn, x.Resource.UpdatedAt))];
    }

    private IQueryable<TeamEnvironment> Visible(Caller caller)
    {
        if (caller.SeesAllTeams)
        {
            return db.Set<TeamEnvironment>();
        }

        var teams = caller.Teams.ToList();
        return db.Set<TeamEnvironment>().Where(e => teams.Contains(e.Team));
    }

    private async Task<EnvironmentView> ToViewAsync(Caller caller, TeamEnvironment environment, IReadOnlyList<ResourceRecord> records, CancellationToken cancellationToken)
    {
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var byKey = records.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var resources = graph.TopologicalOrder.Select(node => byKey.TryGetValue(node.Key, out var r)
                ? new ResourceView(r.Key, r.Kind, r.State, r.CloudId, r.Arn, r.Error) { StartedAt = r.StartedAt, UpdatedAt = r.UpdatedAt, DependsOn = node.DependsOn }
                : new ResourceView(node.Key, node.Kind, ResourceState.Pending, null, null, null) { DependsOn = node.DependsOn })
            .ToList();
        var cost = CostEstimator.Estimate(environment.Spec, await catalog.GetAsync(cancellationToken));
        return new EnvironmentView(
            environment.Id,
            environment.Name,
            environment.Team,
            environment.Status,
            environment.RequestedBy,
            environment.ApprovedBy,
            environment.CreatedAt,
            environment.UpdatedAt,
            environment.ExpiresAt,
            environment.Spec,
            resources,
            Outputs(environment, byKey),
            decimal.Round(cost.MonthlyTotalUsd, 2))
        {
            FailureReason = environment.FailureReason,
            RejectedBy = environment.RejectedBy,
            ApprovalComment = environment.ApprovalComment,
            DestroyAwaitingApproval = environment.IsDestroyAwaitingApproval,
            DestroyRequestedBy = environment.DestroyRequestedBy,
            WizardStep = environment.WizardStep,
            AllowedActions = AllowedActions(caller, environment),
        };
    }

    /// <summary>What the caller may do now: the lifecycle's allowed moves, narrowed to the caller's role.</summary>
    private static List<string> AllowedActions(Caller caller, TeamEnvironment environment)
    {
        var allowed = new List<string>();
        var member = caller.CanWorkOn(environment.Team);
        var own = string.Equals(caller.Email, environment.RequestedBy, StringComparison.OrdinalIgnoreCase);
        foreach (var action in environment.AllowedActions())
        {
            var name = action switch
            {
                EnvironmentAction.UpdateSpec when member => "edit",
                EnvironmentAction.Submit when member => "submit",
                EnvironmentAction.Cancel when member => "cancel",
                EnvironmentAction.Approve when caller.CanApprove && !own => "approve",
                EnvironmentAction.Reject when caller.CanApprove => "reject",
                EnvironmentAction.StartProvisioning when member && environment.Status == EnvironmentStatus.Failed => "retry",
                EnvironmentAction.StartDestroy when member && !environment.IsDestroyAwaitingApproval => "destroy",
                EnvironmentAction.ApproveDestroy when caller.CanApprove && environment.IsDestroyAwaitingApproval
                    && !string.Equals(caller.Email, environment.DestroyRequestedBy, StringComparison.OrdinalIgnoreCase) => "approve",
                _ => null,
            };
            if (name is not null && !allowed.Contains(name))
            {
                allowed.Add(name);
            }
        }

        return allowed;
    }

    private static EnvironmentOutputs Outputs(TeamEnvironment environment, Dictionary<string, ResourceRecord> byKey)
    {
        string? Id(string key) => byKey.TryGetValue(key, out var r) && r.State == ResourceState.Created ? r.CloudId : null;
        var subnets = (environment.Spec.Subnets ?? [])
            .Select(s => (s.Name, Id: Id(ResourceKeys.Subnet(s.Name))))
            .Where(s => s.Id is not null)
            .ToDictionary(s => s.Name, s => s.Id!, StringComparer.Ordinal);
        byKey.TryGetValue(ResourceKeys.ClusterRole, out var role);
        byKey.TryGetValue(ResourceKeys.Cluster, out var cluster);
        var clusterReady = cluster?.State == ResourceState.Created;
        return new EnvironmentOutputs(
            Id(ResourceKeys.Vpc),
            subnets,
            role?.State == ResourceState.Created ? role.Arn : environment.Spec.ClusterRole?.ExistingArn,
            clusterReady ? cluster!.Arn : null,
            clusterReady ? ResourceRecords.ReadAttributes(cluster!.Attributes).GetValueOrDefault("endpoint") : null);
    }
}
