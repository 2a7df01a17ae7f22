using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Revisions;

/// <summary>
/// What a person asks of an environment's revisions, for the pages and the API alike: the history, one
/// revision and its diff plan, a proposed change (checked like a create, plus what a change may not do),
/// a rollback, and the four-eyes flow — every transition <see cref="EnvironmentLifecycle"/>'s.
/// </summary>
public sealed class RevisionService(KundDbContext db, EnvironmentService environments, EnvironmentLifecycle lifecycle, ITeamPolicies policies)
{
    /// <summary>The JSON path of the spec in a proposal's body, which every spec error is keyed under.</summary>
    public const string SpecPath = "spec";

    /// <summary>Every revision, newest first; revision 1 is the create spec even before a change was proposed.</summary>
    public async Task<IReadOnlyList<RevisionView>> ListAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await LoadAsync(caller, id, cancellationToken);
        var needed = await NeededAsync(environment, cancellationToken);
        var revisions = await RevisionsOfAsync(environment, cancellationToken);
        return [.. revisions.OrderByDescending(r => r.Number).Select(r => RevisionView.Of(r, needed))];
    }

    public async Task<RevisionView> GetAsync(KundUser caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var environment = await LoadAsync(caller, id, cancellationToken);
        var revision = Find(await RevisionsOfAsync(environment, cancellationToken), id, number);
        return RevisionView.Of(revision, await NeededAsync(environment, cancellationToken));
    }

    /// <summary>
    /// The revision's plan: for revision 1 the create plan; for an open or approved change the diff from what
    /// is applied now to it; for one applied or closed, the diff from the revision applied before it.
    /// </summary>
    public async Task<Plan> GetPlanAsync(KundUser caller, Guid id, int number, CancellationToken cancellationToken)
    {
        var environment = await LoadAsync(caller, id, cancellationToken);
        var revisions = await RevisionsOfAsync(environment, cancellationToken);
        var revision = Find(revisions, id, number);
        var recorded = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == id).ToListAsync(cancellationToken))
            .Select(r => r.ToRecorded()).ToList();
        if (number == 1)
        {
            return new Planner().PlanCreate(ResourceGraphBuilder.Build(revision.Spec), recorded);
        }

        var baseline = revision.Status is RevisionStatus.Draft or RevisionStatus.PendingApproval or RevisionStatus.Approved
            ? environment.Spec
            : revisions.Where(r => r.Number < number && r.Status == RevisionStatus.Applied).MaxBy(r => r.Number)?.Spec ?? environment.Spec;
        return new DiffPlanner().PlanChange(baseline, revision.Spec, recorded, revision.Reconcile);
    }

    /// <summary>
    /// A new revision in Draft: <paramref name="spec"/>, or with <paramref name="rollbackTo"/> the spec of that
    /// revision again. Refused by path when invalid, when a change may not do it, or when it changes nothing.
    /// </summary>
    /// <param name="drift">For a revision that acts on drift (<see cref="Drift.DriftActions"/>): the items, and whether it puts them back.</param>
    public async Task<EnvironmentRevision> ProposeAsync(KundUser caller, Guid id, EnvironmentSpec? spec, int? rollbackTo, string? comment, CancellationToken cancellationToken, DriftProposal? drift = null)
    {
        var environment = await EnvironmentLifecycle.LoadForChangeAsync(db, caller, id, cancellationToken);
        EnvironmentLifecycle.RequireChangeable(environment);
        if (rollbackTo is { } target)
        {
            var revisions = await RevisionsOfAsync(environment, cancellationToken);
            spec = Find(revisions, id, target).Spec;
        }

        if (spec is null)
        {
            throw new SpecValidationException(ValidationResult.Valid.WithError(SpecPath, "Give the changed spec, or rollbackTo the number of a revision to go back to."), environment.Spec);
        }

        var checkedChange = await CheckChangeAsync(environment, spec, rollbackTo, drift, cancellationToken);
        if (!checkedChange.Result.IsValid)
        {
            throw new SpecValidationException(checkedChange.Result, checkedChange.EffectiveSpec);
        }

        return await lifecycle.ProposeRevisionAsync(db, caller, environment, checkedChange.EffectiveSpec, comment, rollbackTo, cancellationToken, drift);
    }

    /// <summary>
    /// What proposing <paramref name="spec"/> would meet, without writing anything: its check by path (under
    /// <see cref="SpecPath"/>, as <see cref="ProposeAsync"/> refuses it) and, when it passes, its diff plan from
    /// what exists. The change wizard's review shows it before the person submits.
    /// </summary>
    public async Task<ChangePreview> PreviewChangeAsync(KundUser caller, Guid id, EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var environment = await EnvironmentLifecycle.LoadForChangeAsync(db, caller, id, cancellationToken);
        EnvironmentLifecycle.RequireChangeable(environment);
        return await CheckChangeAsync(environment, spec, null, null, cancellationToken);
    }

    /// <summary>
    /// A change proposed and submitted for approval at once (the change wizard's submit): the two steps of
    /// <see cref="ProposeAsync"/> and <see cref="SubmitAsync"/> in one transaction, so that a refusal of either
    /// leaves no Draft behind.
    /// </summary>
    public async Task<EnvironmentRevision> ProposeAndSubmitAsync(KundUser caller, Guid id, EnvironmentSpec spec, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var proposed = await ProposeAsync(caller, id, spec, null, comment, cancellationToken);
        var submitted = await SubmitAsync(caller, id, proposed.Number, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return submitted;
    }

    /// <summary>
    /// The spec a new environment's wizard starts from when it clones <paramref name="id"/>: its current spec
    /// under a free name, moved to the next network range none of the team's live environments uses.
    /// </summary>
    public async Task<EnvironmentSpec> CloneSpecAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var source = await LoadAsync(caller, id, cancellationToken);
        var live = await db.Set<TeamEnvironment>().AsNoTracking()
            .Where(e => e.Team == source.Team && e.Status != EnvironmentStatus.Destroyed && e.Status != EnvironmentStatus.Cancelled && e.Status != EnvironmentStatus.Rejected)
            .Select(e => new { e.Name, e.Spec })
            .ToListAsync(cancellationToken);
        return CloneSpec.Of(source.Spec, live.Select(e => e.Name), live.Select(e => e.Spec.Vpc.Cidr));
    }

    /// <summary>Another team's environment is not found, before anything of the request is read.</summary>
    public async Task RequireMemberAsync(KundUser caller, Guid id, CancellationToken cancellationToken) =>
        _ = await EnvironmentLifecycle.LoadForChangeAsync(db, caller, id, cancellationToken);

    public Task<EnvironmentRevision> SubmitAsync(KundUser caller, Guid id, int number, CancellationToken cancellationToken) =>
        lifecycle.SubmitRevisionAsync(db, caller, id, number, cancellationToken);

    public async Task<EnvironmentRevision> ApproveAsync(KundUser caller, Guid id, int number, string? comment, CancellationToken cancellationToken)
    {
        var environment = await LoadAsync(caller, id, cancellationToken);
        var needed = await NeededAsync(environment, cancellationToken);
        return await lifecycle.ApproveRevisionAsync(db, caller, id, number, comment, needed, cancellationToken);
    }

    public Task<EnvironmentRevision> RejectAsync(KundUser caller, Guid id, int number, string? comment, CancellationToken cancellationToken) =>
        lifecycle.RejectRevisionAsync(db, caller, id, number, comment, cancellationToken);

    public Task<EnvironmentRevision> CancelAsync(KundUser caller, Guid id, int number, CancellationToken cancellationToken) =>
        lifecycle.CancelRevisionAsync(db, caller, id, number, cancellationToken);

    /// <summary>The view of one revision after a change, read fresh.</summary>
    public Task<RevisionView> ViewAsync(KundUser caller, EnvironmentRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return GetAsync(caller, revision.EnvironmentId, revision.Number, cancellationToken);
    }

    /// <summary>
    /// The checks of a proposed change: the spec's own rules, then what a change may not do, then — when both
    /// pass — its diff plan, refused when it changes nothing. Errors keyed under <see cref="SpecPath"/>.
    /// </summary>
    private async Task<ChangePreview> CheckChangeAsync(TeamEnvironment environment, EnvironmentSpec spec, int? rollbackTo, DriftProposal? drift, CancellationToken cancellationToken)
    {
        var check = await environments.CheckAsync(spec, cancellationToken);
        var result = ChangeRules.Check(environment.Spec, check.EffectiveSpec, check.Result);
        Plan? plan = null;
        if (result.IsValid)
        {
            var recorded = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken))
                .Select(r => r.ToRecorded()).ToList();
            plan = new DiffPlanner().PlanChange(environment.Spec, check.EffectiveSpec, recorded, drift is { Reconcile: true } ? drift.Items : null);
            if (plan.Summary is { Add: 0, Change: 0, Destroy: 0 })
            {
                result = result.WithError(SpecPath, rollbackTo is { } back
                    ? $"No changes: the environment already matches revision {back}."
                    : "No changes: the spec is what the environment already is.");
            }
        }

        return new ChangePreview(environment.Spec, check.EffectiveSpec, UnderSpec(result), result.IsValid ? plan : null);
    }

    private Task<TeamEnvironment> LoadAsync(KundUser caller, Guid id, CancellationToken cancellationToken) =>
        EnvironmentLifecycle.LoadVisibleAsync(db, caller, id, cancellationToken);

    private async Task<int> NeededAsync(TeamEnvironment environment, CancellationToken cancellationToken) =>
        ApprovalRule.Needed(await policies.GetAsync(environment.Team, cancellationToken), environment.Spec.Purpose);

    /// <summary>The stored revisions; revision 1 made from the environment when none is stored yet.</summary>
    private async Task<List<EnvironmentRevision>> RevisionsOfAsync(TeamEnvironment environment, CancellationToken cancellationToken)
    {
        var stored = await db.Set<EnvironmentRevision>().AsNoTracking().Where(r => r.EnvironmentId == environment.Id).ToListAsync(cancellationToken);
        return stored.Any(r => r.Number == 1) ? stored : [EnvironmentRevision.First(environment), .. stored];
    }

    private static EnvironmentRevision Find(IEnumerable<EnvironmentRevision> revisions, Guid id, int number) =>
        revisions.SingleOrDefault(r => r.Number == number) ?? throw new RevisionNotFoundException(id, number);

    private static ValidationResult UnderSpec(ValidationResult result) =>
        new(
            result.Errors.ToDictionary(e => e.Key == SpecPath ? e.Key : $"{SpecPath}.{e.Key}", e => e.Value),
            result.Warnings.ToDictionary(w => $"{SpecPath}.{w.Key}", w => w.Value));
}
