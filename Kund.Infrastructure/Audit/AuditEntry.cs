namespace Kund.Infrastructure.Audit;

/// <summary>
/// One action worth keeping: who did what to which environment or object. Recorded through
/// <see cref="IAuditTrail"/> in the same transaction as the action itself.
/// </summary>
/// <param name="Actor">The user's email, or <c>system</c> for workers.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Subject">What the action touched beyond the environment: a resource key with its cloud id, a token label.</param>
/// <param name="Details">Small facts (comment, cloud id, error); never secrets.</param>
public sealed record AuditEntry(
    string Actor,
    string Action,
    string? Team = null,
    Guid? EnvironmentId = null,
    string? Subject = null,
    IReadOnlyDictionary<string, string?>? Details = null);

/// <summary>The audit action names. They are stored and filtered on, so they never change once released.</summary>
public static class AuditActions
{
    public const string EnvironmentCreated = "environment.created";
    public const string EnvironmentUpdated = "environment.updated";
    public const string EnvironmentSubmitted = "environment.submitted";
    public const string EnvironmentApproved = "environment.approved";
    public const string EnvironmentRejected = "environment.rejected";
    public const string EnvironmentCancelled = "environment.cancelled";
    public const string EnvironmentHandedOver = "environment.handed-over";
    public const string BlueprintPublished = "blueprint.published";
    public const string EnvironmentRetried = "environment.retried";
    public const string EnvironmentReady = "environment.ready";
    public const string EnvironmentFailed = "environment.failed";

    /// <summary>A person asked a running create or change to stop.</summary>
    public const string EnvironmentStopRequested = "environment.stop-requested";

    /// <summary>A run stopped as asked: the environment is Failed with what exists recorded.</summary>
    public const string EnvironmentStopped = "environment.stopped";
    public const string EnvironmentDestroyRequested = "environment.destroy-requested";
    public const string EnvironmentExpired = "environment.expired";

    /// <summary>An environment's time was up, but its cluster's deletion protection kept expiry from destroying it.</summary>
    public const string EnvironmentExpiryBlocked = "environment.expiry-blocked";
    public const string EnvironmentExtended = "environment.extended";

    /// <summary>A member asked for an extension beyond the team's maximum: it waits for an approver.</summary>
    public const string EnvironmentExtensionRequested = "environment.extension-requested";

    /// <summary>An approver refused an extension request; the expiry stays.</summary>
    public const string EnvironmentExtensionRejected = "environment.extension-rejected";
    public const string EnvironmentDestroyed = "environment.destroyed";
    public const string RevisionProposed = "revision.proposed";
    public const string RevisionSubmitted = "revision.submitted";
    public const string RevisionApproved = "revision.approved";
    public const string RevisionRejected = "revision.rejected";
    public const string RevisionCancelled = "revision.cancelled";
    public const string ResourceCreated = "resource.created";
    public const string ResourceDeleted = "resource.deleted";
    public const string ResourceFailed = "resource.failed";
    public const string ResourceUpdated = "resource.updated";
    public const string ResourceReplaced = "resource.replaced";
    public const string RevisionApplying = "revision.applying";
    public const string RevisionApplied = "revision.applied";
    public const string RevisionFailed = "revision.failed";
    public const string UserSignedIn = "user.signed-in";
    public const string UserSignedOut = "user.signed-out";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
}
