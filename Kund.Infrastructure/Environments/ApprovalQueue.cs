using Kund.Domain.Environments;
using Kund.Domain.Policies;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Teams;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// What waits for an approver — requests, and prod destroys waiting for their approval — read in one go:
/// the rows, their resources and their plans in two queries however long the queue, and the count alone
/// for the badge.
/// </summary>
public sealed class ApprovalQueue(KundDbContext db, EnvironmentQueries queries, ExtensionQueries extensions, TeamSpend spend, ICloudCatalog catalog, TimeProvider time)
{
    /// <summary>How many requests, proposed changes and extensions wait (what the navigation badge shows).</summary>
    public async Task<int> CountAsync(KundUser caller, CancellationToken cancellationToken) =>
        await Waiting(caller).CountAsync(cancellationToken) + await WaitingRevisions(caller).CountAsync(cancellationToken)
        + await extensions.CountWaitingAsync(caller, cancellationToken);

    /// <summary>The proposed changes (revisions) waiting for an approver, longest waiting first, in one query; their diff is on the environment's page.</summary>
    public async Task<IReadOnlyList<PendingChange>> ChangesAsync(KundUser caller, CancellationToken cancellationToken) =>
        await (from revision in WaitingRevisions(caller)
               join environment in db.Set<TeamEnvironment>() on revision.EnvironmentId equals environment.Id
               orderby revision.UpdatedAt
               select new PendingChange(environment.Id, environment.Name, environment.Team, revision.Number, revision.RequestedBy, revision.Comment, revision.ApprovedBy.Length, revision.UpdatedAt))
            .Take(EnvironmentQueries.MaxLimit)
            .ToListAsync(cancellationToken);

    /// <summary>Extensions beyond a team's maximum waiting for an approver, longest waiting first, in one query.</summary>
    public Task<IReadOnlyList<ExtensionView>> ExtensionsAsync(KundUser caller, CancellationToken cancellationToken) =>
        extensions.WaitingAsync(caller, cancellationToken);

    /// <summary>The waiting requests, longest waiting first, each with its plan (the view says what the request does).</summary>
    public async Task<IReadOnlyList<ApprovalRequest>> ListAsync(KundUser caller, CancellationToken cancellationToken)
    {
        var rows = await Waiting(caller).AsNoTracking().OrderBy(e => e.UpdatedAt).Take(EnvironmentQueries.MaxLimit).ToListAsync(cancellationToken);
        var ids = rows.Select(e => e.Id).ToList();
        var resources = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => ids.Contains(r.EnvironmentId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.EnvironmentId);
        var drifts = await queries.DriftStatesAsync(ids, cancellationToken);
        var blueprints = await Blueprints.EnvironmentBlueprints.OfAsync(db, ids, cancellationToken);

        // Each create request against its team's policy as it is now — the check approving it makes — with the
        // policies and live spend of all the queue's teams read once.
        var creates = rows.Where(e => e.Status == EnvironmentStatus.PendingApproval).ToList();
        var cloud = await catalog.GetAsync(cancellationToken);
        var inputs = creates.Count == 0 ? null : await spend.InputsAsync([.. creates.Select(e => e.Team)], cloud, cancellationToken);
        var now = time.GetUtcNow();
        var requests = new List<ApprovalRequest>(rows.Count);
        foreach (var environment in rows)
        {
            var records = resources[environment.Id].ToList();
            var view = await queries.ToViewAsync(caller, environment, records, cancellationToken, drifts, blueprints);
            if (inputs is not null && view.PendingRequest is { Kind: PendingRequestKind.Create } pending)
            {
                var result = PolicyRules.Check(environment.Spec, cloud, inputs.For(environment.Team, environment.Id), now, ValidationResult.Valid);
                view = view with { PendingRequest = pending with { PolicyViolations = Violations(result) } };
            }

            requests.Add(new ApprovalRequest(view, EnvironmentQueries.PlanOf(environment, records)));
        }

        return requests;
    }

    private static IReadOnlyList<PolicyViolation> Violations(ValidationResult result) =>
        [.. result.Errors.SelectMany(e => e.Value.Select(message => new PolicyViolation(e.Key, message)))];

    private IQueryable<EnvironmentRevision> WaitingRevisions(KundUser caller) =>
        db.Set<EnvironmentRevision>().AsNoTracking().VisibleTo(caller).Where(r => r.Status == RevisionStatus.PendingApproval);

    // The database form of TeamEnvironment.IsDestroyAwaitingApproval, which EF cannot translate.
    private IQueryable<TeamEnvironment> Waiting(KundUser caller) =>
        queries.Visible(caller).Where(e => e.Status == EnvironmentStatus.PendingApproval
            || (e.DestroyRequestedBy != null && e.DestroyApprovedBy == null
                && (e.Status == EnvironmentStatus.Ready || e.Status == EnvironmentStatus.Failed)));
}
