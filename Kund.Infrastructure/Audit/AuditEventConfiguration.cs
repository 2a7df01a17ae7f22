using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Actor).HasMaxLength(320);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Team).HasMaxLength(64);
        builder.Property(e => e.Subject).HasMaxLength(512);
        builder.Property(e => e.Details).HasColumnType("jsonb");
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();

        // Keyset pages are newest first (id desc) under each filter the history page offers.
        builder.HasIndex(e => e.Id).IsDescending().HasDatabaseName("ix_audit_events_id_desc");
        builder.HasIndex(e => new { e.Team, e.Id }).IsDescending(false, true);
        builder.HasIndex(e => new { e.EnvironmentId, e.Id }).IsDescending(false, true);
        builder.HasIndex(e => new { e.Actor, e.Id }).IsDescending(false, true);
        builder.HasIndex(e => new { e.Action, e.Id }).IsDescending(false, true);
        builder.HasIndex(e => new { e.At, e.Id }).IsDescending(true, true);
    }
}
