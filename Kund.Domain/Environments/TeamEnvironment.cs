using Kund.Domain.Policies;
using Kund.Domain.Specs;

namespace Kund.Domain.Environments;

/// <summary>
/// A team's environment and its life: the one place where its status changes. Every transition is guarded by
/// <see cref="EnvironmentTransitions"/> and throws <see cref="InvalidTransitionException"/> naming both
/// statuses when the current one does not allow it; approvals enforce the four-eyes rule
/// (<see cref="IsAuthorOfWaitingRequest"/>, the only place that decides who counts as the same person).
/// </summary>
/// <remarks>
/// Destroying a prod environment needs a second person, like creating one: <see cref="StartDestroy"/> on a
/// prod environment only records the request (the status stays Ready or Failed, and
/// <see cref="IsDestroyAwaitingApproval"/> becomes true, which puts it in the approvers' queue); another
/// person's <see cref="ApproveDestroy"/> then moves it to Destroying. Other purposes go to Destroying at
/// once. A flag rather than an extra status keeps api.md's status list as written.
/// </remarks>
public sealed class TeamEnvironment : ITeamOwned
{
    // For EF Core.
    private TeamEnvironment()
    {
        Name = "";
        Team = "";
        Spec = new EnvironmentSpec();
        RequestedBy = "";
        Authors = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string Team { get; private set; }

    public EnvironmentStatus Status { get; private set; }

    /// <summary>The spec as stored. Callers store the effective spec, so that what is approved is what runs.</summary>
    public EnvironmentSpec Spec { get; private set; }

    /// <summary>The e-mail of who created the draft.</summary>
    public string RequestedBy { get; private set; }

    public string? ApprovedBy { get; private set; }

    public string? RejectedBy { get; private set; }

    /// <summary>When the last rejection happened; kept, with its comment, when the request is revised.</summary>
    public DateTimeOffset? RejectedAt { get; private set; }

    /// <summary>The last rejection's comment: unlike <see cref="ApprovalComment"/>, a later approval leaves it.</summary>
    public string? RejectionComment { get; private set; }

    /// <summary>
    /// Everyone who wrote the request: who created the draft, changed its spec or submitted it, in
    /// order, each once. None of them may approve it.
    /// </summary>
    public string[] Authors { get; private set; }

    /// <summary>Who approved the request waiting now, in order; emptied at each submit.</summary>
    public string[] Approvals { get; private set; } = [];

    /// <summary>How many distinct approvers the request waiting now needs (its team's policy for its purpose when submitted).</summary>
    public int ApprovalsNeeded { get; private set; } = 1;

    /// <summary>The spec's revision: 1 at creation, one more each time a rejected request is revised.</summary>
    public int Revision { get; private set; }

    /// <summary>The approver's comment on approval or rejection.</summary>
    public string? ApprovalComment { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Why the last provisioning or destroy failed; cleared when either starts again.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Who asked to destroy a prod environment, while the request waits for approval or runs.</summary>
    public string? DestroyRequestedBy { get; private set; }

    public DateTimeOffset? DestroyRequestedAt { get; private set; }

    public string? DestroyApprovedBy { get; private set; }

    /// <summary>The wizard's last step, the review: a draft the wizard saved is submittable once the person got there.</summary>
    public const int WizardLastStep = 7;

    /// <summary>
    /// The furthest step of the wizard the person has seen, for a draft the wizard saved; null for a spec given
    /// whole (the API), which is complete as it is.
    /// </summary>
    public int? WizardStep { get; private set; }

    /// <summary>Every step of the wizard was seen (or the spec came whole): only then may the draft be submitted.</summary>
    public bool IsDraftComplete => WizardStep is null or >= WizardLastStep;

    /// <summary>Prod environments need a second person's approval to be destroyed.</summary>
    public bool DestroyNeedsApproval => Spec.Purpose == Purpose.Prod;

    /// <summary>A prod destroy was requested and waits for <see cref="ApproveDestroy"/>.</summary>
    public bool IsDestroyAwaitingApproval =>
        DestroyRequestedBy is not null && DestroyApprovedBy is null && Status is EnvironmentStatus.Ready or EnvironmentStatus.Failed;

    /// <summary>A new draft of <paramref name="spec"/>, requested by <paramref name="requestedBy"/>.</summary>
    public static TeamEnvironment CreateDraft(EnvironmentSpec spec, string requestedBy, DateTimeOffset now, Guid? id = null, int? wizardStep = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);

        var environment = new TeamEnvironment
        {
            // Version 7: ordered by creation, which keeps the primary key index compact.
            Id = id ?? Guid.CreateVersion7(now),
            Status = EnvironmentStatus.Draft,
            RequestedBy = requestedBy.Trim(),
            Authors = [requestedBy.Trim()],
            Revision = 1,
            CreatedAt = now,
        };
        environment.ApplySpec(spec, now, wizardStep);
        return environment;
    }

    /// <summary>
    /// The actions allowed now, refined by what the table cannot know: deciding on a destroy only while a
    /// prod destroy waits, and asking for one only while none does.
    /// </summary>
    public IReadOnlyList<EnvironmentAction> AllowedActions() =>
    [
        .. EnvironmentTransitions.Allowed(Status).Where(action => action switch
        {
            EnvironmentAction.ApproveDestroy or EnvironmentAction.RejectDestroy or EnvironmentAction.WithdrawDestroy => IsDestroyAwaitingApproval,
            EnvironmentAction.StartDestroy or EnvironmentAction.HandOver => !IsDestroyAwaitingApproval,
            EnvironmentAction.Submit => IsDraftComplete,
            EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.Approve or EnvironmentAction.Reject
                or EnvironmentAction.Cancel or EnvironmentAction.StartProvisioning or EnvironmentAction.MarkReady
                or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.Stop => true,
            EnvironmentAction.StartChange => false,
        }),
    ];

    /// <summary>
    /// The four-eyes rule, in one place: whether <paramref name="person"/> wrote the request that waits for
    /// an approver — for a destroy, who asked for it; otherwise any author of the spec
    /// (<see cref="Authors"/>). E-mails are compared trimmed and case-insensitively.
    /// </summary>
    public bool IsAuthorOfWaitingRequest(string person) =>
        IsDestroyAwaitingApproval
            ? SamePerson(person, DestroyRequestedBy!)
            : Authors.Any(author => SamePerson(person, author));

    /// <summary>
    /// Replaces a draft's spec (name, team and expiry follow it). On a rejected request this is the
    /// revision: it goes back to Draft with the next <see cref="Revision"/>, the rejection kept to be read.
    /// <paramref name="wizardStep"/> as for <see cref="WizardStep"/>.
    /// </summary>
    public void UpdateSpec(EnvironmentSpec spec, string editor, DateTimeOffset now, int? wizardStep = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(editor);
        if (Status == EnvironmentStatus.Rejected)
        {
            MoveTo(EnvironmentAction.Revise, now);
            Revision++;
        }
        else
        {
            Guard(EnvironmentAction.UpdateSpec);
        }

        AddAuthor(editor);
        ApplySpec(spec, now, wizardStep);
    }

    /// <summary>
    /// Draft → PendingApproval, once every step of the wizard was seen: a draft left at an early step holds
    /// defaults the person never saw. Validating the spec first is the caller's job (it needs the cloud catalog).
    /// </summary>
    public void Submit(string submitter, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(submitter);
        Guard(EnvironmentAction.Submit);
        if (!IsDraftComplete)
        {
            throw new InvalidTransitionException(Status, EnvironmentAction.Submit,
                $"cannot submit: the draft was left at step {WizardStep + 1} of {WizardLastStep + 1} of the wizard; continue the wizard to its review first");
        }

        AddAuthor(submitter);
        Approvals = [];
        MoveTo(EnvironmentAction.Submit, now);
    }

    /// <summary>Submit, needing <paramref name="approvalsNeeded"/> distinct approvers (the team's policy for the purpose).</summary>
    public void Submit(string submitter, int approvalsNeeded, DateTimeOffset now)
    {
        Submit(submitter, now);
        ApprovalsNeeded = Math.Max(approvalsNeeded, 1);
    }

    /// <summary>
    /// Moves the expiry (a scheduled destroy) to <paramref name="until"/>; only where a destroy could start,
    /// the spec's <c>expiresAt</c> with it.
    /// </summary>
    public void Extend(DateTimeOffset until, DateTimeOffset now)
    {
        Guard(EnvironmentAction.StartDestroy);
        ExpiresAt = until;
        Spec = Spec with { ExpiresAt = until };
        UpdatedAt = now;
    }

    /// <summary>
    /// One approver's approval of the waiting request (four-eyes): PendingApproval → Approved once
    /// <see cref="ApprovalsNeeded"/> distinct non-authors approved (<see cref="ApprovalCount"/>); until then it
    /// stays waiting. Returns whether this approval completed it.
    /// </summary>
    public bool AddApproval(string approver, string? comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Guard(EnvironmentAction.Approve);
        EnsureNotAuthor(approver, EnvironmentAction.Approve);
        Approvals = [.. Approvals, approver.Trim()];
        if (!ApprovalCount.IsEnough(Approvals, Authors, ApprovalsNeeded))
        {
            ApprovalComment = comment;
            UpdatedAt = now;
            return false;
        }

        Approve(approver, comment, now);
        return true;
    }

    /// <summary>PendingApproval → Approved, by anyone who did not write the request (four-eyes).</summary>
    public void Approve(string approver, string? comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Guard(EnvironmentAction.Approve);
        EnsureNotAuthor(approver, EnvironmentAction.Approve);

        ApprovedBy = approver.Trim();
        ApprovalComment = comment;
        MoveTo(EnvironmentAction.Approve, now);
    }

    /// <summary>PendingApproval → Rejected. A requester rejecting their own request only withdraws it, so no four-eyes check.</summary>
    public void Reject(string approver, string? comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Guard(EnvironmentAction.Reject);
        RejectedBy = approver.Trim();
        RejectedAt = now;
        RejectionComment = comment;
        ApprovalComment = comment;
        MoveTo(EnvironmentAction.Reject, now);
    }

    /// <summary>Draft or PendingApproval → Cancelled. Nothing was created yet, so nothing needs destroying.</summary>
    public void Cancel(DateTimeOffset now) => MoveTo(EnvironmentAction.Cancel, now);

    /// <summary>
    /// A running create or change is asked to stop. The status stays Provisioning or Updating until the run
    /// has stopped and <see cref="MarkFailed"/> records why.
    /// </summary>
    public void RequestStop(DateTimeOffset now) => MoveTo(EnvironmentAction.Stop, now);

    /// <summary>Ready → HandedOver: managed with Terraform from now on, so it no longer expires (and is never destroyed by Kund).</summary>
    public void HandOver(DateTimeOffset now)
    {
        Guard(EnvironmentAction.HandOver);
        ExpiresAt = null;
        MoveTo(EnvironmentAction.HandOver, now);
    }

    /// <summary>Approved → Provisioning, or Failed → Provisioning to retry (resuming from the recorded resources).</summary>
    public void StartProvisioning(DateTimeOffset now)
    {
        Guard(EnvironmentAction.StartProvisioning);
        FailureReason = null;
        ClearDestroyRequest();
        MoveTo(EnvironmentAction.StartProvisioning, now);
    }

    /// <summary>Provisioning → Ready.</summary>
    public void MarkReady(DateTimeOffset now) => MoveTo(EnvironmentAction.MarkReady, now);

    /// <summary>Ready (or Failed, to retry) → Updating: an approved revision's change run starts.</summary>
    public void StartChange(DateTimeOffset now)
    {
        Guard(EnvironmentAction.StartChange);
        FailureReason = null;
        MoveTo(EnvironmentAction.StartChange, now);
    }

    /// <summary>Updating → Ready: the change run applied revision <paramref name="revision"/>, whose spec is the environment's from now on.</summary>
    public void ApplyChange(int revision, EnvironmentSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Guard(EnvironmentAction.MarkReady);
        if (Status != EnvironmentStatus.Updating)
        {
            throw new InvalidTransitionException(Status, EnvironmentAction.StartChange);
        }

        // The expiry is the environment's own (extended since, perhaps), not the revision's.
        Spec = spec with { ExpiresAt = ExpiresAt };
        Revision = revision;
        MoveTo(EnvironmentAction.MarkReady, now);
    }

    /// <summary>
    /// Provisioning or Destroying → Failed. From Failed both a retry and a destroy are allowed, whichever
    /// of the two failed.
    /// </summary>
    public void MarkFailed(string reason, DateTimeOffset now)
    {
        Guard(EnvironmentAction.MarkFailed);
        FailureReason = reason;
        MoveTo(EnvironmentAction.MarkFailed, now);
    }

    /// <summary>
    /// Ready or Failed → Destroying; for prod, the first step only: the request is recorded and waits for
    /// <see cref="ApproveDestroy"/> by someone else. Asking again while it waits changes nothing.
    /// </summary>
    public DestroyStart StartDestroy(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Guard(EnvironmentAction.StartDestroy);

        // A destroy approved once and failed since is retried without asking again.
        if (!DestroyNeedsApproval || DestroyApprovedBy is not null)
        {
            FailureReason = null;
            MoveTo(EnvironmentAction.StartDestroy, now);
            return DestroyStart.Started;
        }

        if (DestroyRequestedBy is null)
        {
            DestroyRequestedBy = actor.Trim();
            DestroyRequestedAt = now;
            UpdatedAt = now;
        }

        return DestroyStart.AwaitingApproval;
    }

    /// <summary>Whether the cluster's deletion protection stands in the way of a destroy.</summary>
    public bool HasDeletionProtection => Spec.Cluster is { DeletionProtection: true };

    /// <summary>
    /// Before a destroy the person confirmed: the spec's deletion protection is turned off, so that the destroy
    /// turns it off on the cluster first (EKS refuses DeleteCluster while it is on). Only where a destroy may start.
    /// </summary>
    public void LiftDeletionProtection(DateTimeOffset now)
    {
        Guard(EnvironmentAction.StartDestroy);
        if (Spec.Cluster is { DeletionProtection: true } cluster)
        {
            Spec = Spec with { Cluster = cluster with { DeletionProtection = false } };
            UpdatedAt = now;
        }
    }

    /// <summary>Ready or Failed with a pending prod destroy → Destroying, by anyone but who asked for the destroy.</summary>
    public void ApproveDestroy(string approver, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Guard(EnvironmentAction.ApproveDestroy);
        RequireWaitingDestroy(EnvironmentAction.ApproveDestroy, "approve the destroy");
        EnsureNotAuthor(approver, EnvironmentAction.ApproveDestroy);
        DestroyApprovedBy = approver.Trim();
        FailureReason = null;
        MoveTo(EnvironmentAction.ApproveDestroy, now);
    }

    /// <summary>
    /// An approver turns a waiting prod destroy down: the request is cleared and the environment stays
    /// Ready (or Failed). The comment is required, so that the team learns why.
    /// </summary>
    public void RejectDestroy(string approver, string comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        ArgumentException.ThrowIfNullOrWhiteSpace(comment);
        Guard(EnvironmentAction.RejectDestroy);
        RequireWaitingDestroy(EnvironmentAction.RejectDestroy, "reject the destroy");
        ClearDestroyRequest();
        MoveTo(EnvironmentAction.RejectDestroy, now);
    }

    /// <summary>The requester's team withdraws a waiting prod destroy: the request is cleared, the environment stays as it was.</summary>
    public void WithdrawDestroy(DateTimeOffset now)
    {
        Guard(EnvironmentAction.WithdrawDestroy);
        RequireWaitingDestroy(EnvironmentAction.WithdrawDestroy, "withdraw the destroy");
        ClearDestroyRequest();
        MoveTo(EnvironmentAction.WithdrawDestroy, now);
    }

    /// <summary>Destroying → Destroyed: nothing is left in the cloud.</summary>
    public void MarkDestroyed(DateTimeOffset now) => MoveTo(EnvironmentAction.MarkDestroyed, now);

    private void ApplySpec(EnvironmentSpec spec, DateTimeOffset now, int? wizardStep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wizardStep ?? 0, nameof(wizardStep));
        WizardStep = wizardStep is { } step ? Math.Min(step, WizardLastStep) : null;
        Spec = spec;
        Name = spec.Name ?? "";
        Team = spec.Team ?? "";
        ExpiresAt = spec.ExpiresAt;
        UpdatedAt = now;
    }

    private void RequireWaitingDestroy(EnvironmentAction action, string verb)
    {
        if (!IsDestroyAwaitingApproval)
        {
            throw new InvalidTransitionException(Status, action, $"cannot {verb}: the environment is {Status} and no destroy waits for approval");
        }
    }

    private void EnsureNotAuthor(string approver, EnvironmentAction action)
    {
        if (IsAuthorOfWaitingRequest(approver))
        {
            throw new FourEyesViolationException(approver.Trim(), action);
        }
    }

    private void AddAuthor(string person)
    {
        if (!Authors.Any(author => SamePerson(author, person)))
        {
            Authors = [.. Authors, person.Trim()];
        }
    }

    private void ClearDestroyRequest()
    {
        DestroyRequestedBy = null;
        DestroyRequestedAt = null;
        DestroyApprovedBy = null;
    }

    private void Guard(EnvironmentAction action)
    {
        if (!EnvironmentTransitions.IsAllowed(Status, action))
        {
            throw new InvalidTransitionException(Status, action);
        }
    }

    private void MoveTo(EnvironmentAction action, DateTimeOffset now)
    {
        if (!EnvironmentTransitions.TryGetTarget(Status, action, out var to))
        {
            throw new InvalidTransitionException(Status, action);
        }

        Status = to;
        UpdatedAt = now;
    }

    private static bool SamePerson(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
