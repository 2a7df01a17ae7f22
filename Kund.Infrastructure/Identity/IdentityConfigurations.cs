using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Identity;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.HasIndex(u => u.Email).IsUnique();
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.Roles).HasColumnType("text[]");
        builder.HasMany(u => u.Memberships).WithOne().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(u => u.Memberships).AutoInclude();
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.HasKey(t => t.Name);
        builder.Property(t => t.Name).HasMaxLength(64);
    }
}

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

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(ApiTokens.MaxNameLength);
        builder.Property(t => t.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.Property(t => t.Hint).HasMaxLength(32);
        builder.Property(t => t.RevokedBy).HasMaxLength(320);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.UserId, t.CreatedAt });
    }
}
