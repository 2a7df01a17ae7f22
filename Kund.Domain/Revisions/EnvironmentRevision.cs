using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Specs;

namespace Kund.Domain.Revisions;

/// <summary>
/// One numbered revision of an environment's spec, kept forever: revision 1 is the spec the environment was
/// created with, every later one a proposed change. Goes Draft → PendingApproval → Approved (enough distinct
/// approvers, none of them its authors) / Rejected / Cancelled, then Applying → Applied or Failed.
/// </summary>
public sealed class EnvironmentRevision : ITeamOwned
{
    // For EF Core.
    private EnvironmentRevision()
    {
        Team = "";
        Spec = new EnvironmentSpec();
        RequestedBy = "";
        ApprovedBy = [];
    }

    public Guid EnvironmentId { get; private set; }

    public int Number { get; private set; }

    public string Team { get; private set; }

    public RevisionStatus Status { get; private set; }

    /// <summary>The effective spec of the revision.</summary>
    public EnvironmentSpec Spec { get; private set; }

    public string RequestedBy { get; private set; }

    public string? SubmittedBy { get; private set; }

    /// <summary>Who approved it, in order, each once.</summary>
    public string[] ApprovedBy { get; private set; }

    public string? RejectedBy { get; private set; }

    /// <summary>The requester's reason for the change, or the last approver's or rejecter's comment.</summary>
    public string? Comment { get; private set; }

    /// <summary>For a rollback: the revision whose spec this one proposes again.</summary>
    public int? RollbackOf { get; private set; }

    /// <summary>
    /// For a reconcile (<c>POST …/drift/reconcile</c>): the drift items this revision puts back. Its spec is the
    /// applied one; the diff plan updates the nodes of these items in place, so the drivers converge the cloud.
    /// </summary>
    public IReadOnlyList<DriftItem>? Reconcile { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? AppliedAt { get; private set; }

    /// <summary>The authors, whose approval never counts.</summary>
    public IEnumerable<string> Authors => SubmittedBy is null ? [RequestedBy] : [RequestedBy, SubmittedBy];

    /// <summary>A proposed change to <paramref name="environment"/>, in Draft.</summary>
    public static EnvironmentRevision Propose(TeamEnvironment environment, int number, EnvironmentSpec spec, string requestedBy, string? comment, DateTimeOffset now, int? rollbackOf = null, IReadOnlyList<DriftItem>? reconcile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        return new EnvironmentRevision
        {
            EnvironmentId = environment.Id,
            Number = number,
            Team = environment.Team,
            Status = RevisionStatus.Draft,
            Spec = spec,
            RequestedBy = requestedBy.Trim(),
            Comment = comment,
            RollbackOf = rollbackOf,
            Reconcile = reconcile is { Count: > 0 } ? [.. reconcile] : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Revision 1 of an environment that has none stored yet: its create spec, with the status its request reached.</summary>
    public static EnvironmentRevision First(TeamEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var status = environment.Status switch
        {
            EnvironmentStatus.Draft => RevisionStatus.Draft,
            EnvironmentStatus.PendingApproval => RevisionStatus.PendingApproval,
            EnvironmentStatus.Approved => RevisionStatus.Approved,
            EnvironmentStatus.Rejected => RevisionStatus.Rejected,
            EnvironmentStatus.Cancelled => RevisionStatus.Cancelled,
            EnvironmentStatus.Provisioning => RevisionStatus.Applying,
            EnvironmentStatus.Failed => RevisionStatus.Failed,
            EnvironmentStatus.Ready or EnvironmentStatus.Updating or EnvironmentStatus.HandedOver or EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed => RevisionStatus.Applied,
        };
        var authors = environment.Authors;
        return new EnvironmentRevision
        {
            EnvironmentId = environment.Id,
            Number = 1,
            Team = environment.Team,
            Status = status,
            Spec = environment.Spec,
            RequestedBy = environment.RequestedBy,
            SubmittedBy = status == RevisionStatus.Draft ? null : authors.LastOrDefault() ?? environment.RequestedBy,
            ApprovedBy = environment.ApprovedBy is { } approver ? [approver] : [],
            Comment = environment.ApprovalComment,
            CreatedAt = environment.CreatedAt,
            UpdatedAt = environment.UpdatedAt,
            AppliedAt = status == RevisionStatus.Applied ? environment.UpdatedAt : null,
        };
    }

    /// <summary>Draft → PendingApproval.</summary>
    public void Submit(string submitter, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(submitter);
        Require("submit", RevisionStatus.Draft);
        SubmittedBy = submitter.Trim();
        MoveTo(RevisionStatus.PendingApproval, now);
    }

    /// <summary>
    /// One approval: never by an author (four-eyes), never twice by the same person. Returns true when it
    /// completes the approvals (<paramref name="needed"/>, see <see cref="ApprovalRule"/>) and the revision is Approved.
    /// </summary>
    public bool Approve(string approver, string? comment, int needed, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Require("approve", RevisionStatus.PendingApproval);
        if (Authors.Any(author => ApprovalRule.SamePerson(author, approver)))
        {
            throw new FourEyesViolationException(approver.Trim(), EnvironmentAction.Approve);
        }

        if (ApprovedBy.Any(a => ApprovalRule.SamePerson(a, approver)))
        {
            throw new RevisionConflictException(Status.ToString(), [nameof(RevisionStatus.PendingApproval)],
                $"{approver.Trim()} already approved revision {Number}; it needs {needed} distinct approvers, so another approver must");
        }

        ApprovedBy = [.. ApprovedBy, approver.Trim()];
        Comment = comment ?? Comment;
        UpdatedAt = now;
        if (!ApprovalRule.IsSatisfied(needed, ApprovedBy, Authors))
        {
            return false;
        }

        MoveTo(RevisionStatus.Approved, now);
        return true;
    }

    /// <summary>PendingApproval → Rejected.</summary>
    public void Reject(string approver, string? comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Require("reject", RevisionStatus.PendingApproval);
        RejectedBy = approver.Trim();
        Comment = comment ?? Comment;
        MoveTo(RevisionStatus.Rejected, now);
    }

    /// <summary>Draft or PendingApproval → Cancelled.</summary>
    public void Cancel(DateTimeOffset now)
    {
        Require("cancel", RevisionStatus.Draft, RevisionStatus.PendingApproval);
        MoveTo(RevisionStatus.Cancelled, now);
    }

    /// <summary>Approved (or Failed, to retry) → Applying: the change run started.</summary>
    public void StartApplying(DateTimeOffset now)
    {
        Require("apply", RevisionStatus.Approved, RevisionStatus.Failed);
        MoveTo(RevisionStatus.Applying, now);
    }

    /// <summary>Applying → Applied or Failed.</summary>
    public void FinishApplying(bool succeeded, DateTimeOffset now)
    {
        Require("finish applying", RevisionStatus.Applying);
        AppliedAt = succeeded ? now : null;
        MoveTo(succeeded ? RevisionStatus.Applied : RevisionStatus.Failed, now);
    }

    /// <summary>Whether the revision is still open: being written or waiting for approval.</summary>
    public bool IsOpen => Status is RevisionStatus.Draft or RevisionStatus.PendingApproval;

    private void Require(string verb, params RevisionStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new RevisionConflictException(
                Status.ToString(),
                [.. allowed.Select(s => s.ToString())],
                $"cannot {verb} revision {Number}: it is {Status}; only a revision that is {string.Join(" or ", allowed)} can be");
        }
    }

    private void MoveTo(RevisionStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
    }
}
