using Kund.Domain.Revisions;
using Kund.Domain.Specs;

namespace Kund.Infrastructure.Revisions;

/// <summary>A revision as api.md shows it ("Revision view"), with the approvals it needs and a rollback's origin.</summary>
public sealed record RevisionView(
    int Number,
    RevisionStatus Status,
    EnvironmentSpec Spec,
    string RequestedBy,
    string? SubmittedBy,
    IReadOnlyList<string> ApprovedBy,
    string? Comment,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AppliedAt)
{
    /// <summary>How many distinct approvers it needs (the team policy's number for the purpose).</summary>
    public int ApprovalsNeeded { get; init; } = 1;

    public int? RollbackOf { get; init; }

    /// <summary>Still being written or waiting for approval.</summary>
    public bool IsOpen() => Status is RevisionStatus.Draft or RevisionStatus.PendingApproval;

    public static RevisionView Of(EnvironmentRevision revision, int approvalsNeeded)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return new RevisionView(
            revision.Number,
            revision.Status,
            revision.Spec,
            revision.RequestedBy,
            revision.SubmittedBy,
            revision.ApprovedBy,
            revision.Comment,
            revision.CreatedAt,
            revision.AppliedAt)
        {
            ApprovalsNeeded = approvalsNeeded,
            RollbackOf = revision.RollbackOf,
        };
    }
}
