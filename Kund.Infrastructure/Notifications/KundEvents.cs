using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;

namespace Kund.Infrastructure.Notifications;

/// <summary>
/// The events people hear about (notifications) and teams subscribe to (webhooks), as api.md names them.
/// They are stored and sent to other systems, so they never change once released.
/// </summary>
public static class KundEvents
{
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Updating = "updating";
    public const string Expiring = "expiring";
    public const string Destroyed = "destroyed";
    public const string Drifted = "drifted";

    /// <summary>Notification only (no webhook event): a member's extension beyond the team's maximum waits for an approver.</summary>
    public const string ExtensionRequested = "extend-requested";

    /// <summary>Notification only: the requester's extension was approved; <c>expiresAt</c> moved.</summary>
    public const string ExtensionApproved = "extend-approved";

    /// <summary>Notification only: the requester's extension was rejected; <c>expiresAt</c> stays.</summary>
    public const string ExtensionRejected = "extend-rejected";

    public static IReadOnlyList<string> All { get; } = [Submitted, Approved, Rejected, Ready, Failed, Updating, Expiring, Destroyed, Drifted];

    /// <summary>
    /// The event a lifecycle write stands for: a status it moved to, or (for a revision, whose environment keeps
    /// its status) the act it audits. Null: nobody needs to hear of it.
    /// </summary>
    public static string? Of(EnvironmentStatus? status, string? auditAction) => auditAction switch
    {
        AuditActions.EnvironmentSubmitted or AuditActions.RevisionSubmitted => Submitted,
        AuditActions.RevisionRejected => Rejected,
        _ => status switch
        {
            EnvironmentStatus.Approved => Approved,
            EnvironmentStatus.Rejected => Rejected,
            EnvironmentStatus.Ready => Ready,
            EnvironmentStatus.Failed => Failed,
            EnvironmentStatus.Updating => Updating,
            EnvironmentStatus.Destroyed => Destroyed,
            _ => null,
        },
    };

    /// <summary>Whether approvers hear of it (a request waits for them) rather than the requester and the team.</summary>
    public static bool IsForApprovers(string @event) => @event == Submitted;
}
