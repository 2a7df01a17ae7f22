using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Environments;

internal sealed class ResourceRecordConfiguration : IEntityTypeConfiguration<ResourceRecord>
{
    public void Configure(EntityTypeBuilder<ResourceRecord> builder)
    {
        builder.ToTable("resources");
        builder.HasKey(r => new { r.EnvironmentId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(128);
        builder.Property(r => r.Team).HasMaxLength(64);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CloudId).HasMaxLength(256);
        builder.Property(r => r.Arn).HasMaxLength(512);
        builder.Property(r => r.Attributes).HasColumnType("jsonb");
        builder.Property(r => r.Error).HasMaxLength(4000);
        builder.HasOne<Kund.Domain.Environments.TeamEnvironment>().WithMany().HasForeignKey(r => r.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.Team, r.Kind, r.State });
    }
}
