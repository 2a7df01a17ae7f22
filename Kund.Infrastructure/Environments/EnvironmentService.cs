using System.Globalization;
using Kund.Domain.Cost;
using Kund.Domain.Environments;
using Kund.Domain.Policies;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Teams;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// What a person asks of an environment, for the pages and the API alike, in the request's database
/// context. Specs are checked here (defaults, validation against the cloud catalog, names taken); every
/// transition is <see cref="EnvironmentLifecycle"/>'s.
/// </summary>
public sealed class EnvironmentService(KundDbContext db, ICloudCatalog catalog, EnvironmentLifecycle lifecycle, AccountQuotas quotas, TeamSpend spend, ITeamPolicies policies, TimeProvider time)
{
    /// <summary>Who approves what a team's policy approves by itself (<c>autoApproveBelowUsd</c>): the audit's actor <c>policy</c>.</summary>
    public static readonly KundUser PolicyApprover = new(Guid.Empty, "policy", "Team policy", [], [KundRoles.Approver]);

    /// <summary>The spec with its defaults and every rule, the team's policy among them (a spec naming no team has none).</summary>
    public async Task<SpecCheck> CheckAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        var cloud = await catalog.GetAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(spec.Team))
        {
            var gate = await spend.InputAsync(spec.Team, cloud, excludeId: null, cancellationToken);
            return SpecCheck.Of(spec, cloud, gate, time.GetUtcNow());
        }

        return SpecCheck.Of(spec, cloud, await policies.GetAsync("", cancellationToken), time.GetUtcNow());
    }

    public Task<TeamEnvironment> CreateDraftAsync(KundUser user, EnvironmentSpec spec, CancellationToken cancellationToken) =>
        CreateDraftAsync(user, spec, wizardStep: null, cancellationToken);

    /// <summary>A draft; <paramref name="wizardStep"/> is the furthest wizard step seen (null: the spec is complete as given).</summary>
    public async Task<TeamEnvironment> CreateDraftAsync(KundUser user, EnvironmentSpec spec, int? wizardStep, CancellationToken cancellationToken)
    {
        EnvironmentLifecycle.RequireMember(user, spec.Team ?? "");
        var check = await CheckValidAsync(spec, excludeId: null, cancellationToken);
        return await lifecycle.CreateDraftAsync(db, user, check.EffectiveSpec, wizardStep, cancellationToken);
    }

    public Task<TeamEnvironment> UpdateDraftAsync(KundUser user, Guid id, EnvironmentSpec spec, CancellationToken cancellationToken) =>
        UpdateDraftAsync(user, id, spec, wizardStep: null, cancellationToken);

    /// <summary>
    /// Replaces a draft's spec, or revises a rejected request (back to Draft with its next revision);
    /// <paramref name="wizardStep"/> as for <see cref="CreateDraftAsync(KundUser, EnvironmentSpec, int?, CancellationToken)"/>.
    /// </summary>
    public async Task<TeamEnvironment> UpdateDraftAsync(KundUser user, Guid id, EnvironmentSpec spec, int? wizardStep, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentLifecycle.LoadForChangeAsync(db, user, id, cancellationToken);
        if (!string.Equals(spec.Team, environment.Team, StringComparison.Ordinal))
        {
            var result = ValidationResult.Valid.WithError("team", $"An environment stays with its team: this one belongs to {environment.Team}, not {spec.Team}.");
            throw new SpecValidationException(result, spec);
        }

        var check = await CheckValidAsync(spec, excludeId: id, cancellationToken);
        return await lifecycle.UpdateDraftAsync(db, user, environment, check.EffectiveSpec, wizardStep, cancellationToken);
    }

    public async Task<TeamEnvironment> SubmitAsync(KundUser user, Guid id, CancellationToken cancellationToken)
    {
        // Drafts hold no quota; submitting claims it, so a draft written while there was room is checked again.
        var spec = await db.Set<TeamEnvironment>().VisibleTo(user).Where(e => e.Id == id).Select(e => e.Spec).SingleOrDefaultAsync(cancellationToken);
        if (spec is null)
        {
            return await lifecycle.SubmitAsync(db, user, id, cancellationToken);
        }

        await quotas.RequireRoomAsync(spec, id, cancellationToken);
        await RequirePolicyAsync(spec, id, cancellationToken);
        var policy = await policies.GetAsync(spec.Team, cancellationToken);
        var submitted = await lifecycle.SubmitAsync(db, user, id, cancellationToken, ApprovalsNeeded(policy, spec.Purpose));
        if (policy.AutoApproveBelowUsd?.GetValueOrDefault(spec.Purpose) is not { } below)
        {
            return submitted;
        }

        // Cheap requests of a purpose the policy trusts are approved by the policy itself, audited as actor "policy".
        var cost = decimal.Round(CostEstimator.Estimate(spec, await catalog.GetAsync(cancellationToken)).MonthlyTotalUsd, 2);
        return cost < below
            ? await lifecycle.ApproveAsync(db, PolicyApprover, id, string.Create(CultureInfo.InvariantCulture, $"approved by {spec.Team}'s policy: the estimate of ${cost:0.00} a month is below ${below:0.00}"), cancellationToken)
            : submitted;
    }

    /// <summary>Approves a request — or, for a prod environment whose destroy waits, that destroy. Never by one of its authors.</summary>
    /// <remarks>
    /// The policy may have changed since the request was submitted: it is checked again, and a request that no
    /// longer complies is approved only with a comment (the approver says why).
    /// </remarks>
    public async Task<TeamEnvironment> ApproveAsync(KundUser user, Guid id, string? comment, CancellationToken cancellationToken)
    {
        var waiting = await db.Set<TeamEnvironment>().AsNoTracking().VisibleTo(user)
            .Where(e => e.Id == id && e.Status == EnvironmentStatus.PendingApproval)
            .Select(e => e.Spec)
            .SingleOrDefaultAsync(cancellationToken);
        if (user.CanApprove && waiting is not null && string.IsNullOrWhiteSpace(comment))
        {
            var compliance = await CheckPolicyAsync(waiting, id, cancellationToken);
            if (!compliance.IsValid)
            {
                var problems = string.Join("; ", compliance.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
                throw new SpecValidationException(
                    compliance.WithError("comment", $"The request no longer complies with {waiting.Team}'s policy ({problems}); approve it only with a comment saying why."),
                    waiting);
            }
        }

        return await lifecycle.ApproveAsync(db, user, id, comment, cancellationToken);
    }

    /// <summary>Rejects a request, or a waiting prod destroy (which needs a comment).</summary>
    public Task<TeamEnvironment> RejectAsync(KundUser user, Guid id, string? comment, CancellationToken cancellationToken) =>
        lifecycle.RejectAsync(db, user, id, comment, cancellationToken);

    /// <summary>Withdraws a draft, a waiting request or a waiting prod destroy.</summary>
    public Task<TeamEnvironment> CancelAsync(KundUser user, Guid id, CancellationToken cancellationToken) =>
        lifecycle.CancelAsync(db, user, id, cancellationToken);

    /// <summary>Failed → runs the failed job's kind again, resuming from the recorded node states.</summary>
    public Task<TeamEnvironment> RetryAsync(KundUser user, Guid id, CancellationToken cancellationToken) =>
        lifecycle.RetryAsync(db, user, id, cancellationToken);

    /// <summary>Ready or Failed → Destroying; a prod environment first waits for an approver.</summary>
    public Task<TeamEnvironment> DestroyAsync(KundUser user, Guid id, CancellationToken cancellationToken) =>
        lifecycle.DestroyAsync(db, user, id, cancellationToken);

    /// <summary>As <see cref="DestroyAsync(KundUser, Guid, CancellationToken)"/>; <paramref name="turnOffDeletionProtection"/> confirms that a protected cluster goes too.</summary>
    public Task<TeamEnvironment> DestroyAsync(KundUser user, Guid id, bool turnOffDeletionProtection, CancellationToken cancellationToken) =>
        lifecycle.DestroyAsync(db, user, id, turnOffDeletionProtection, cancellationToken);

    /// <summary>Ready → HandedOver: managed with Terraform from now on, never destroyed or expired by Kund.</summary>
    public Task<TeamEnvironment> HandOverAsync(KundUser user, Guid id, CancellationToken cancellationToken) =>
        lifecycle.HandOverAsync(db, user, id, cancellationToken);

    /// <summary>
    /// Pushes <c>expiresAt</c> out by <paramref name="days"/> (from the current expiry, or from now without
    /// one): within the team's maximum for the purpose at once; beyond it, a member of the team (an approver
    /// among them too: four eyes) files an <see cref="ExtensionRequest"/> that another approver answers, while an
    /// approver outside the team extends at once (that is the approval).
    /// </summary>
    public async Task<ExtendOutcome> ExtendAsync(KundUser user, Guid id, int days, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentLifecycle.LoadVisibleAsync(db, user, id, cancellationToken);
        var member = user.CanRequestFor(environment.Team);
        if (!user.CanApprove)
        {
            EnvironmentLifecycle.RequireMember(user, environment.Team);
        }

        if (days is < 1 or > 365)
        {
            throw new SpecValidationException(ValidationResult.Valid.WithError("days", $"{days} days; extend by 1 to 365 days."), environment.Spec);
        }

        var now = time.GetUtcNow();
        var until = (environment.ExpiresAt is { } current && current > now ? current : now).AddDays(days);
        var policy = await policies.GetAsync(environment.Team, cancellationToken);
        var beyond = policy.Ttl?.GetValueOrDefault(environment.Spec.Purpose) is { } ttl && until > now.AddDays(ttl.MaxDays);
        if (beyond && member)
        {
            return new ExtendOutcome(null, await lifecycle.RequestExtensionAsync(db, user, id, days, until, cancellationToken));
        }

        return new ExtendOutcome(await lifecycle.ExtendAsync(db, user, id, until, beyond, cancellationToken), null);
    }

    /// <summary>An approver who did not ask for it approves a waiting extension: <c>expiresAt</c> moves.</summary>
    public Task<ExtensionRequest> ApproveExtensionAsync(KundUser user, Guid id, Guid extensionId, string? comment, CancellationToken cancellationToken) =>
        lifecycle.ApproveExtensionAsync(db, user, id, extensionId, comment, cancellationToken);

    /// <summary>An approver rejects a waiting extension: <c>expiresAt</c> stays.</summary>
    public Task<ExtensionRequest> RejectExtensionAsync(KundUser user, Guid id, Guid extensionId, string? comment, CancellationToken cancellationToken) =>
        lifecycle.RejectExtensionAsync(db, user, id, extensionId, comment, cancellationToken);

    /// <summary>For the expiry service: destroys an environment whose time is up, as <see cref="KundUser.System"/>.</summary>
    public Task<TeamEnvironment> ExpireAsync(Guid id, CancellationToken cancellationToken) =>
        lifecycle.ExpireAsync(db, id, cancellationToken);

    /// <summary>Distinct approvers a request of <paramref name="purpose"/> needs (<see cref="ApprovalRule.Needed"/>).</summary>
    public static int ApprovalsNeeded(TeamPolicy policy, Purpose purpose) => ApprovalRule.Needed(policy, purpose);

    /// <summary>
    /// Throws <see cref="SpecValidationException"/> when a stored spec breaks its team's policy as it is now:
    /// a policy may have changed since the draft was written.
    /// </summary>
    public async Task RequirePolicyAsync(EnvironmentSpec effective, Guid id, CancellationToken cancellationToken)
    {
        var result = await CheckPolicyAsync(effective, id, cancellationToken);
        if (!result.IsValid)
        {
            throw new SpecValidationException(result, effective);
        }
    }

    /// <summary>A stored (effective) spec against its team's policy now, the other live environments' spend excluding its own.</summary>
    public async Task<ValidationResult> CheckPolicyAsync(EnvironmentSpec effective, Guid id, CancellationToken cancellationToken)
    {
        var cloud = await catalog.GetAsync(cancellationToken);
        var input = await spend.InputAsync(effective.Team, cloud, id, cancellationToken);
        return PolicyRules.Check(effective, cloud, input, time.GetUtcNow(), ValidationResult.Valid);
    }

    /// <summary>The spec check of a create or a change: valid, and its name not taken. Refuses with every error by path.</summary>
    private async Task<SpecCheck> CheckValidAsync(EnvironmentSpec spec, Guid? excludeId, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(spec, cancellationToken);
        var result = check.Result;
        var taken = await db.Set<TeamEnvironment>().AnyAsync(
            e => e.Team == check.EffectiveSpec.Team && e.Name == check.EffectiveSpec.Name && e.Id != excludeId
                && e.Status != EnvironmentStatus.Destroyed && e.Status != EnvironmentStatus.Cancelled && e.Status != EnvironmentStatus.Rejected,
            cancellationToken);
        if (taken)
        {
            result = result.WithError("name", $"{check.EffectiveSpec.Team} already has an environment named {check.EffectiveSpec.Name}.");
        }

        result = await new ClaimedNames(db).AddErrorsAsync(result, check.EffectiveSpec, excludeId, cancellationToken);

        result = await quotas.CheckAsync(check.EffectiveSpec, excludeId, result, cancellationToken);
        return result.IsValid ? check with { Result = result } : throw new SpecValidationException(result, check.EffectiveSpec);
    }
}

/// <summary>What an extend did: moved the expiry (<paramref name="Extended"/>), or asked an approver (<paramref name="Requested"/>).</summary>
public sealed record ExtendOutcome(TeamEnvironment? Extended, ExtensionRequest? Requested);
