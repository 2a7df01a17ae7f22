using Kund.Domain.Resources;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// A progress event as relayed to watchers on every node (the <c>NOTIFY</c> payload). The field names are
/// the hub's <c>progress</c> message of api.md, plus the team and status for routing.
/// </summary>
public sealed record ProgressNotification(
    Guid EnvironmentId,
    string Team,
    long Seq,
    DateTimeOffset At,
    string? ResourceKey,
    ResourceState? State,
    string? Status,
    string Message,
    int Percent)
{
    public static ProgressNotification From(ProgressEvent e, string team) =>
        new(e.EnvironmentId, team, e.Sequence, e.At, e.ResourceKey, e.State, e.Status, e.Message, e.Percent);

    /// <summary>The event as stored, for a <see cref="ProgressTimeline"/> that mixes live and stored events.</summary>
    public ProgressEvent ToEvent() => new()
    {
        EnvironmentId = EnvironmentId,
        Sequence = Seq,
        At = At,
        ResourceKey = ResourceKey,
        State = State,
        Status = Status,
        Message = Message,
        Percent = Percent,
    };
}
