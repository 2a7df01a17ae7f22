using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Webhooks;

/// <summary>
/// A team's outbound webhook: where to POST which events, signed with <see cref="Secret"/> (shown once, at
/// creation; never in a view or a log afterwards).
/// </summary>
public sealed class Webhook
{
    public Guid Id { get; set; }

    public string Team { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>Names from <see cref="Notifications.KundEvents"/>.</summary>
    public List<string> Events { get; set; } = [];

    public string Secret { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One event for one webhook: its exact body (what is signed), whether it arrived, and when to try next.
/// Written in the transaction of the event; sent by <see cref="WebhookSender"/>, never inside it.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>Increasing: deliveries of one webhook about one environment go out in this order.</summary>
    public long Id { get; set; }

    /// <summary>The body's <c>id</c>: the same for every webhook that hears of the event, so receivers can deduplicate.</summary>
    public Guid EventId { get; set; }

    public Guid WebhookId { get; set; }

    public string Team { get; set; } = "";

    public string Event { get; set; } = "";

    public Guid EnvironmentId { get; set; }

    public string Body { get; set; } = "";

    public WebhookDeliveryStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A sender holds the delivery until then; after it, another takes it over (its node died).</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,

    /// <summary>Every attempt within the retry window failed.</summary>
    Failed,
}

/// <summary>One try of a delivery: when, the receiver's status code or the error, how long it took.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset At { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Team).HasMaxLength(64);
        builder.Property(w => w.Url).HasMaxLength(2000);
        builder.Property(w => w.Events).HasColumnType("text[]");
        builder.Property(w => w.Secret).HasMaxLength(128);
        builder.Property(w => w.CreatedBy).HasMaxLength(320);
        builder.HasIndex(w => w.Team);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.Team).HasMaxLength(64);
        builder.Property(d => d.Event).HasMaxLength(16);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.WebhookId, d.EnvironmentId, d.Id });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Error).HasMaxLength(2000);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.DeliveryId);
    }
}
