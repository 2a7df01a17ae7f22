using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Environments;

internal sealed class PlanSnapshotConfiguration : IEntityTypeConfiguration<PlanSnapshot>
{
    public void Configure(EntityTypeBuilder<PlanSnapshot> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        builder.Property(p => p.Mode).HasMaxLength(16);
        builder.Property(p => p.Plan).HasColumnType("jsonb");
        builder.HasOne<Kund.Domain.Environments.TeamEnvironment>().WithMany().HasForeignKey(p => p.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.EnvironmentId, p.Id });
    }
}
