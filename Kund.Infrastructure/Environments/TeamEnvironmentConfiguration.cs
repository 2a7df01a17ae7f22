using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Environments;

internal sealed class TeamEnvironmentConfiguration : IEntityTypeConfiguration<TeamEnvironment>
{
    public void Configure(EntityTypeBuilder<TeamEnvironment> builder)
    {
        builder.ToTable("environments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(64);
        builder.Property(e => e.Team).HasMaxLength(64);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.RequestedBy).HasMaxLength(320);
        builder.Property(e => e.ApprovedBy).HasMaxLength(320);
        builder.Property(e => e.RejectedBy).HasMaxLength(320);
        builder.Property(e => e.DestroyRequestedBy).HasMaxLength(320);
        builder.Property(e => e.DestroyApprovedBy).HasMaxLength(320);
        builder.Property(e => e.ApprovalComment).HasMaxLength(2000);
        builder.Property(e => e.RejectionComment).HasMaxLength(2000);
        // Who wrote the request (the four-eyes rule's input), as a text[].
        builder.Property(e => e.Authors);
        builder.Property(e => e.FailureReason).HasMaxLength(4000);
        builder.Property(e => e.Spec)
            .HasColumnType("jsonb")
            .HasConversion(
                spec => JsonSerializer.Serialize(spec, KundJson.Options),
                json => JsonSerializer.Deserialize<EnvironmentSpec>(json, KundJson.Options)!,
                new ValueComparer<EnvironmentSpec>(
                    (a, b) => JsonSerializer.Serialize(a, KundJson.Options) == JsonSerializer.Serialize(b, KundJson.Options),
                    spec => JsonSerializer.Serialize(spec, KundJson.Options).GetHashCode(StringComparison.Ordinal),
                    spec => spec));
        builder.Ignore(e => e.DestroyNeedsApproval);
        builder.Ignore(e => e.IsDestroyAwaitingApproval);
        builder.Ignore(e => e.IsDraftComplete);

        // Optimistic concurrency on PostgreSQL's row version.
        builder.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();

        // An environment name is unique among a team's environments that still exist.
        builder.HasIndex(e => new { e.Team, e.Name })
            .IsUnique()
            .HasFilter("\"Status\" not in ('Destroyed', 'Cancelled', 'Rejected')");
        builder.HasIndex(e => new { e.Status, e.Id });
        builder.HasIndex(e => new { e.Team, e.Id });
        builder.HasIndex(e => e.ExpiresAt).HasFilter("\"ExpiresAt\" is not null");
    }
}
