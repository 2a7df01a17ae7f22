using Kund.Domain.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Blueprints;

internal sealed class EnvironmentBlueprintConfiguration : IEntityTypeConfiguration<EnvironmentBlueprint>
{
    public void Configure(EntityTypeBuilder<EnvironmentBlueprint> builder)
    {
        builder.ToTable("environment_blueprints");
        builder.HasKey(b => new { b.EnvironmentId, b.Revision });
        builder.Property(b => b.Name).HasMaxLength(63);
        builder.Property(b => b.Parameters).HasColumnType("jsonb");
        builder.HasOne<TeamEnvironment>().WithMany().HasForeignKey(b => b.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BlueprintVersion>().WithMany().HasForeignKey(b => new { b.Name, b.Version }).OnDelete(DeleteBehavior.Restrict);
    }
}
