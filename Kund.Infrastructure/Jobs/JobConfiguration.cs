using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Jobs;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).UseIdentityAlwaysColumn();
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.LastError).HasMaxLength(4000);
        builder.Property(j => j.StopRequestedBy).HasMaxLength(320);
        builder.HasOne<Kund.Domain.Environments.TeamEnvironment>().WithMany().HasForeignKey(j => j.EnvironmentId).OnDelete(DeleteBehavior.Restrict);

        // The leasing query: due jobs that are queued or whose lease ran out.
        builder.HasIndex(j => new { j.State, j.NextRunAt }).HasFilter("\"State\" in ('Queued', 'Running')");

        // At most one unfinished job per environment.
        builder.HasIndex(j => j.EnvironmentId).IsUnique().HasFilter("\"State\" in ('Queued', 'Running')");
    }
}
