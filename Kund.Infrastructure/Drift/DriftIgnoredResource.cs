using Kund.Domain.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// An unmanaged resource a team said to leave alone in one environment (made on purpose, by another tool):
/// checks no longer report it. One row per environment and cloud id; the audit says who and when.
/// </summary>
public sealed class DriftIgnoredResource : ITeamOwned
{
    public Guid EnvironmentId { get; set; }

    public string CloudId { get; set; } = "";

    public string Team { get; set; } = "";

    public string Kind { get; set; } = "";

    public string IgnoredBy { get; set; } = "";

    public DateTimeOffset IgnoredAt { get; set; }
}

internal sealed class DriftIgnoredResourceConfiguration : IEntityTypeConfiguration<DriftIgnoredResource>
{
    public void Configure(EntityTypeBuilder<DriftIgnoredResource> builder)
    {
        builder.ToTable("drift_ignored_resources");
        builder.HasKey(d => new { d.EnvironmentId, d.CloudId });
        builder.Property(d => d.CloudId).HasMaxLength(2048);
        builder.Property(d => d.Team).HasMaxLength(64);
        builder.Property(d => d.Kind).HasMaxLength(64);
        builder.Property(d => d.IgnoredBy).HasMaxLength(320);
        builder.HasOne<TeamEnvironment>().WithMany().HasForeignKey(d => d.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
