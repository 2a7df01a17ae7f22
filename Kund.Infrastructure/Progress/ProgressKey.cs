namespace Kund.Infrastructure.Progress;

/// <summary>What a watcher follows: one environment, one team's environments, or the approvers' queue.</summary>
public readonly record struct ProgressKey(ProgressScope Scope, string Value)
{
    /// <summary>The approvers' queue: events about an environment as a whole (submitted, approved, destroy asked for…).</summary>
    public static ProgressKey ApprovalQueue { get; } = new(ProgressScope.ApprovalQueue, "");

    public static ProgressKey Environment(Guid id) => new(ProgressScope.Environment, id.ToString("D"));

    public static ProgressKey Team(string team) => new(ProgressScope.Team, team);

    /// <summary>
    /// The keys a notification is delivered under. Resource events stay out of the queue: only a change to
    /// the environment as a whole can add a request to it or take one out.
    /// </summary>
    public static IEnumerable<ProgressKey> Of(ProgressNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        yield return Environment(notification.EnvironmentId);
        yield return Team(notification.Team);
        if (notification.ResourceKey is null)
        {
            yield return ApprovalQueue;
        }
    }
}
