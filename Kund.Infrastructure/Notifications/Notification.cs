using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Notifications;

/// <summary>
/// One person's notice of one event (<see cref="KundEvents"/>): written in the transaction of what it reports,
/// read in the bell and through <c>GET /api/notifications</c>, marked read by its recipient only.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    /// <summary>The recipient's e-mail, lower-case.</summary>
    public string Recipient { get; set; } = "";

    public string Event { get; set; } = "";

    public Guid EnvironmentId { get; set; }

    public string EnvironmentName { get; set; } = "";

    public string Team { get; set; } = "";

    /// <summary>What happened, in one line (the timeline's words).</summary>
    public string Message { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Recipient).HasMaxLength(320);
        builder.Property(n => n.Event).HasMaxLength(16);
        builder.Property(n => n.EnvironmentName).HasMaxLength(100);
        builder.Property(n => n.Team).HasMaxLength(64);
        builder.Property(n => n.Message).HasMaxLength(500);
        builder.HasIndex(n => new { n.Recipient, n.At });
    }
}
