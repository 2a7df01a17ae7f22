using Kund.Domain.Resources;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// One line of an environment's live log, numbered per environment. A watcher that reconnects asks for
/// the events after the last <see cref="Sequence"/> it saw, so nothing is missed.
/// </summary>
public sealed class ProgressEvent
{
    public Guid EnvironmentId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The node the event is about; null for the environment as a whole (a status change).</summary>
    public string? ResourceKey { get; set; }

    public ResourceState? State { get; set; }

    /// <summary>The environment's status after the event, when the event changed it.</summary>
    public string? Status { get; set; }

    public string Message { get; set; } = "";

    /// <summary>Share of the plan's work done, 0–100.</summary>
    public int Percent { get; set; }
}
