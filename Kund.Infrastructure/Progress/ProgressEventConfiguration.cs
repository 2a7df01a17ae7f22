using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Progress;

internal sealed class ProgressEventConfiguration : IEntityTypeConfiguration<ProgressEvent>
{
    public void Configure(EntityTypeBuilder<ProgressEvent> builder)
    {
        builder.ToTable("progress_events");
        builder.HasKey(e => new { e.EnvironmentId, e.Sequence });
        builder.Property(e => e.ResourceKey).HasMaxLength(128);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Status).HasMaxLength(32);
        builder.Property(e => e.Message).HasMaxLength(2000);
        builder.HasOne<Kund.Domain.Environments.TeamEnvironment>().WithMany().HasForeignKey(e => e.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
