using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Notifications;

/// <summary>
/// A reminder sent (or passed over for a nearer one) for one expiry of one environment: its key is the
/// environment, the lead (<c>24h</c>, <c>1h</c>) and the expiry it was for, so each fires once — across
/// restarts and nodes — and an extended environment is reminded again of its new expiry.
/// </summary>
public sealed class ExpiryReminder
{
    public Guid EnvironmentId { get; set; }

    public string Lead { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

internal sealed class ExpiryReminderConfiguration : IEntityTypeConfiguration<ExpiryReminder>
{
    public void Configure(EntityTypeBuilder<ExpiryReminder> builder)
    {
        builder.ToTable("expiry_reminders");
        builder.HasKey(r => new { r.EnvironmentId, r.Lead, r.ExpiresAt });
        builder.Property(r => r.Lead).HasMaxLength(8);
    }
}
