using Kund.Domain.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Drift;

internal sealed class DriftCheckConfiguration : IEntityTypeConfiguration<DriftCheck>
{
    public void Configure(EntityTypeBuilder<DriftCheck> builder)
    {
        builder.ToTable("drift_checks");
        builder.HasKey(d => d.EnvironmentId);
        builder.Property(d => d.Team).HasMaxLength(64);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.RequestedBy).HasMaxLength(320);
        builder.Property(d => d.Items).HasColumnType("jsonb");
        builder.Property(d => d.Unmanaged).HasColumnType("jsonb");
        builder.Property(d => d.Error).HasMaxLength(2000);
        builder.HasOne<TeamEnvironment>().WithMany().HasForeignKey(d => d.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.Status);
    }
}
