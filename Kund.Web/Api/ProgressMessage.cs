using Kund.Infrastructure.Progress;

namespace Kund.Web.Api;

/// <summary>A progress event as api.md's hub and events endpoint carry it.</summary>
public sealed record ProgressMessage(Guid EnvironmentId, long Seq, DateTimeOffset At, string? ResourceKey, string? State, string? Status, string Message, int Percent)
{
    public static ProgressMessage From(ProgressEvent e) =>
        new(e.EnvironmentId, e.Sequence, e.At, e.ResourceKey, e.State?.ToString(), e.Status, e.Message, e.Percent);

    public static ProgressMessage From(ProgressNotification n) =>
        new(n.EnvironmentId, n.Seq, n.At, n.ResourceKey, n.State?.ToString(), n.Status, n.Message, n.Percent);
}
