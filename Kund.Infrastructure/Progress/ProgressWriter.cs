using System.Text;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Resources;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Progress;

/// <summary>
/// Appends a progress event and <c>NOTIFY</c>s it in the caller's transaction: watchers on every node
/// hear of it exactly when it commits, never before and never for a rolled-back change.
/// </summary>
public sealed class ProgressWriter(TimeProvider time)
{
    public const string Channel = "kund_progress";

    /// <summary>The largest NOTIFY payload PostgreSQL accepts (it must be shorter than 8000 bytes).</summary>
    internal const int MaxPayloadBytes = 7999;

    public async Task<ProgressEvent> AppendAsync(
        KundDbContext db,
        Guid environmentId,
        string team,
        string message,
        int percent,
        string? resourceKey = null,
        ResourceState? state = null,
        string? status = null,
        CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A progress event must be appended inside the transaction of the change it reports.");
        }

        // The environment's row lock orders its events: one writer at a time takes the next number.
        await db.Database.ExecuteSqlAsync($"""select 1 from environments where "Id" = {environmentId} for update""", cancellationToken);
        var next = await db.Database
            .SqlQuery<long>($"""select coalesce(max("Sequence"), 0) + 1 as "Value" from progress_events where "EnvironmentId" = {environmentId}""")
            .SingleAsync(cancellationToken);

        var progress = new ProgressEvent
        {
            EnvironmentId = environmentId,
            Sequence = next,
            At = time.GetUtcNow(),
            ResourceKey = resourceKey,
            State = state,
            Status = status,
            Message = message.Length > 2000 ? message[..2000] : message,
            Percent = Math.Clamp(percent, 0, 100),
        };
        db.Add(progress);
        await db.SaveChangesAsync(cancellationToken);

        var payload = Payload(ProgressNotification.From(progress, team));
        await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {payload})", cancellationToken);
        return progress;
    }

    /// <summary>
    /// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more, and JSON escapes can make a 2000-character
    /// message six times longer. A refused NOTIFY would roll back the change it reports, so the relayed copy
    /// of the message is shortened instead (marked with …); the stored event keeps it whole.
    /// </summary>
    internal static string Payload(ProgressNotification notification)
    {
        var payload = JsonSerializer.Serialize(notification, KundJson.Options);
        for (var keep = notification.Message.Length / 2; Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes; keep /= 2)
        {
            if (keep > 0 && char.IsHighSurrogate(notification.Message[keep - 1]))
            {
                keep--;
            }

            payload = JsonSerializer.Serialize(notification with { Message = notification.Message[..keep] + "…" }, KundJson.Options);
        }

        return payload;
    }
}
