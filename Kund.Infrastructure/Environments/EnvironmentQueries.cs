using System.Globalization;
using Kund.Domain.Cost;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Policies;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Identity;
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

    public async Task<EnvironmentView> GetAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await Visible(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var resources = await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken);
        return await ToViewAsync(caller, environment, resources, cancellationToken);
    }

    /// <summary>Newest first; <paramref name="cursor"/> is the <c>nextCursor</c> of the previous page.</summary>
    public Task<Page<EnvironmentView>> ListAsync(KundUser caller, EnvironmentStatus? status, string? team, string? cursor, int? limit, CancellationToken cancellationToken) =>
        ListInAsync(caller, status is { } s ? [s] : [], team, cursor, limit, cancellationToken);

    /// <summary>Like <see cref="ListAsync"/>, for environments in any of <paramref name="statuses"/> (every status when empty).</summary>
    public async Task<Page<EnvironmentView>> ListInAsync(KundUser caller, IReadOnlyCollection<EnvironmentStatus> statuses, string? team, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var query = Visible(caller).AsNoTracking();
        if (statuses.Count > 0)
        {
            var wanted = statuses.ToList();
            query = query.Where(e => wanted.Contains(e.Status));
        }

        if (!string.IsNullOrEmpty(team))
        {
            query = query.Where(e => e.Team == team);
        }

        return await PageAsync(caller, query, cursor, take, cancellationToken);
    }

    /// <summary>One page of <paramref name="query"/> (already narrowed to what the caller sees), newest first.</summary>
    internal async Task<Page<EnvironmentView>> PageAsync(KundUser caller, IQueryable<TeamEnvironment> query, string? cursor, int take, CancellationToken cancellationToken)
    {
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
        var drifts = await DriftStatesAsync(ids, cancellationToken);
        var blueprints = await EnvironmentBlueprints.OfAsync(db, ids, cancellationToken);
        var views = new List<EnvironmentView>(page.Count);
        foreach (var environment in page)
        {
            views.Add(await ToViewAsync(caller, environment, [.. resources[environment.Id]], cancellationToken, drifts, blueprints));
        }

        return new Page<EnvironmentView>(views, rows.Count > take ? page[^1].Id.ToString("D") : null);
    }

    /// <summary>The plan for what happens next: the destroy plan once a destroy is asked for, else the create plan (no-ops for what exists).</summary>
    public async Task<Plan> GetPlanAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await Visible(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var recorded = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken))
            .ToList();
        return PlanOf(environment, recorded);
    }

    /// <summary>The plan of <see cref="GetPlanAsync"/> for rows already read (the approvals queue reads many at once).</summary>
    internal static Plan PlanOf(TeamEnvironment environment, IEnumerable<ResourceRecord> records)
    {
        var recorded = records.Select(r => r.ToRecorded()).ToList();
        var graph = ResourceGraphBuilder.Build(environment.Spec);
        var destroying = environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed || environment.IsDestroyAwaitingApproval;
        return destroying ? new Planner().PlanDestroy(graph, recorded) : new Planner().PlanCreate(graph, recorded);
    }

    public async Task<IReadOnlyList<ProgressEvent>> GetEventsAsync(KundUser caller, Guid id, long after, CancellationToken cancellationToken)
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
    public async Task<IReadOnlyList<InventoryItem>> GetInventoryAsync(KundUser caller, string? team, ResourceKind? kind, ResourceState? state, CancellationToken cancellationToken)
    {
        var resources = db.Set<ResourceRecord>().AsNoTracking().VisibleTo(caller).Where(r => r.CloudId != null);

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

    internal IQueryable<TeamEnvironment> Visible(KundUser caller) => db.Set<TeamEnvironment>().VisibleTo(caller);

    /// <summary>The latest drift state of each of <paramref name="ids"/> that was ever checked, in one query.</summary>
    internal async Task<IReadOnlyDictionary<Guid, DriftState>> DriftStatesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await db.Set<Drift.DriftCheck>().AsNoTracking().Where(d => ids.Contains(d.EnvironmentId))
            .ToDictionaryAsync(d => d.EnvironmentId, d => d.State, cancellationToken);

    /// <param name="drifts">The drift states of a whole page, read once (<see cref="DriftStatesAsync"/>); null reads this environment's.</param>
    /// <param name="blueprints">Likewise the blueprints of a whole page (<see cref="EnvironmentBlueprints.OfAsync"/>); null reads this environment's.</param>
    internal async Task<EnvironmentView> ToViewAsync(
        KundUser caller, TeamEnvironment environment, IReadOnlyList<ResourceRecord> records, CancellationToken cancellationToken,
        IReadOnlyDictionary<Guid, DriftState>? drifts = null, IReadOnlyDictionary<Guid, EnvironmentBlueprintView>? blueprints = null)
    {
        drifts ??= await DriftStatesAsync([environment.Id], cancellationToken);
        blueprints ??= await EnvironmentBlueprints.OfAsync(db, [environment.Id], cancellationToken);
        // Once a destroy has run, its own steps (what Kubernetes left, the final check) are shown too.
        var graph = records.Any(r => DestroyGraph.TeardownKeys.Contains(r.Key)) ? DestroyGraph.Build(environment.Spec) : ResourceGraphBuilder.Build(environment.Spec);
        var byKey = records.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var resources = graph.TopologicalOrder.Select(node => byKey.TryGetValue(node.Key, out var r)
                ? new ResourceView(r.Key, r.Kind, r.State, r.CloudId, r.Arn, r.Error) { StartedAt = r.StartedAt, UpdatedAt = r.UpdatedAt, DependsOn = node.DependsOn }
                : new ResourceView(node.Key, node.Kind, ResourceState.Pending, null, null, null) { DependsOn = node.DependsOn })
            .ToList();
        var cloud = await catalog.GetAsync(cancellationToken);
        var cost = decimal.Round(CostEstimator.Estimate(environment.Spec, cloud).MonthlyTotalUsd, 2);
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
            // What it costs now: nothing is left running once it is destroyed.
            environment.Status == EnvironmentStatus.Destroyed ? 0 : cost)
        {
            FailureReason = environment.FailureReason,
            RejectedBy = environment.RejectedBy,
            ApprovalComment = environment.ApprovalComment,
            DestroyAwaitingApproval = environment.IsDestroyAwaitingApproval,
            DestroyRequestedBy = environment.DestroyRequestedBy,
            WizardStep = environment.WizardStep,
            AllowedActions = AllowedActions(caller, environment),
            Revision = environment.Revision,
            LastRejection = environment is { RejectedBy: { } by, RejectedAt: { } at } ? new RejectionView(by, environment.RejectionComment, at) : null,
            PendingRequest = PendingRequest(caller, environment, resources, cloud, cost),
            Drift = drifts.GetValueOrDefault(environment.Id, DriftState.Unknown),
            Blueprint = blueprints.GetValueOrDefault(environment.Id),
        };
    }

    /// <summary>What an approver decides on, when something waits: a create with its warnings, a destroy with what goes and what stops costing.</summary>
    private static PendingRequestView? PendingRequest(KundUser caller, TeamEnvironment environment, IReadOnlyList<ResourceView> resources, CloudCatalog cloud, decimal monthlyCost)
    {
        var asked = environment.IsAuthorOfWaitingRequest(caller.Email);
        if (environment.IsDestroyAwaitingApproval)
        {
            return new PendingRequestView(PendingRequestKind.Destroy, environment.DestroyRequestedBy!, environment.DestroyRequestedAt ?? environment.UpdatedAt, asked)
            {
                Deletions = [.. resources.Where(r => r.CloudId is not null && r.State != ResourceState.Deleted).Select(r => new PendingDeletion(r.Key, r.Kind, r.CloudId!))],
                MonthlyCostStopsUsd = monthlyCost,
            };
        }

        if (environment.Status != EnvironmentStatus.PendingApproval)
        {
            return null;
        }

        var warnings = SpecValidator.Validate(environment.Spec, cloud, environment.UpdatedAt).Warnings;
        return new PendingRequestView(PendingRequestKind.Create, environment.RequestedBy, environment.UpdatedAt, asked)
        {
            Warnings = [.. warnings.SelectMany(w => w.Value)],
            Approvals = [.. environment.Approvals],
            ApprovalsCount = ApprovalCount.Count(environment.Approvals, environment.Authors),
            ApprovalsNeeded = environment.ApprovalsNeeded,
        };
    }

    /// <summary>
    /// What the caller may do now: the lifecycle's allowed moves, narrowed to the caller's role — members
    /// work on their team's environments, approvers decide on what they did not write (the aggregate's rule).
    /// </summary>
    private static List<EnvironmentAction> AllowedActions(KundUser caller, TeamEnvironment environment)
    {
        var member = caller.CanRequestFor(environment.Team);
        var decides = caller.CanApprove;
        var mayApprove = decides && !environment.IsAuthorOfWaitingRequest(caller.Email);
        return [.. environment.AllowedActions().Where(action => action switch
        {
            EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.Submit or EnvironmentAction.Cancel
                or EnvironmentAction.StartDestroy or EnvironmentAction.WithdrawDestroy or EnvironmentAction.HandOver => member,
            EnvironmentAction.StartProvisioning => member && environment.Status == EnvironmentStatus.Failed,
            EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy => mayApprove,
            EnvironmentAction.Reject or EnvironmentAction.RejectDestroy => decides,
            EnvironmentAction.Stop => member || decides,
            EnvironmentAction.MarkReady or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => false,
        })];
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
