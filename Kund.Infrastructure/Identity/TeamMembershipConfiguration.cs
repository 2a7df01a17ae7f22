using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Identity;

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> builder)
    {
        builder.ToTable("team_memberships");
        builder.HasKey(m => new { m.UserId, m.Team });
        builder.Property(m => m.Team).HasMaxLength(64);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.Team).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.Team);
    }
}
