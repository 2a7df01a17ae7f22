using Kund.Domain.Drift;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Revisions;

internal sealed class EnvironmentRevisionConfiguration : IEntityTypeConfiguration<EnvironmentRevision>
{
    public void Configure(EntityTypeBuilder<EnvironmentRevision> builder)
    {
        builder.ToTable("revisions");
        builder.HasKey(r => new { r.EnvironmentId, r.Number });
        builder.Property(r => r.Team).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.RequestedBy).HasMaxLength(320);
        builder.Property(r => r.SubmittedBy).HasMaxLength(320);
        builder.Property(r => r.RejectedBy).HasMaxLength(320);
        builder.Property(r => r.ApprovedBy);
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.Property(r => r.Spec)
            .HasColumnType("jsonb")
            .HasConversion(
                spec => JsonSerializer.Serialize(spec, KundJson.Options),
                json => JsonSerializer.Deserialize<EnvironmentSpec>(json, KundJson.Options)!,
                new ValueComparer<EnvironmentSpec>(
                    (a, b) => JsonSerializer.Serialize(a, KundJson.Options) == JsonSerializer.Serialize(b, KundJson.Options),
                    spec => JsonSerializer.Serialize(spec, KundJson.Options).GetHashCode(StringComparison.Ordinal),
                    spec => spec));
        builder.Property(r => r.Reconcile)
            .HasColumnType("jsonb")
            .HasConversion(
                items => JsonSerializer.Serialize(items, KundJson.Options),
                json => (IReadOnlyList<DriftItem>?)JsonSerializer.Deserialize<List<DriftItem>>(json, KundJson.Options),
                new ValueComparer<IReadOnlyList<DriftItem>?>(
                    (a, b) => JsonSerializer.Serialize(a, KundJson.Options) == JsonSerializer.Serialize(b, KundJson.Options),
                    items => JsonSerializer.Serialize(items, KundJson.Options).GetHashCode(StringComparison.Ordinal),
                    items => items));
        builder.Ignore(r => r.Authors);
        builder.Ignore(r => r.IsOpen);
        builder.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
        builder.HasOne<TeamEnvironment>().WithMany().HasForeignKey(r => r.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.Status, r.EnvironmentId });
    }
}
