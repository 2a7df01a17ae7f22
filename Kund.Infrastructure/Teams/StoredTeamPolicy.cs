using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Teams;

/// <summary>
/// One version of a team's policy. Versions are only added, never changed: the newest is in force, the
/// older ones are its history. The policy is kept as the JSON of the whole record, so members added to
/// <see cref="TeamPolicy"/> later are stored without a schema change.
/// </summary>
public sealed class StoredTeamPolicy
{
    public StoredTeamPolicy(string team, int version, TeamPolicy policy, string changedBy, DateTimeOffset changedAt)
    {
        Team = team;
        Version = version;
        Policy = policy;
        ChangedBy = changedBy;
        ChangedAt = changedAt;
    }

    private StoredTeamPolicy()
    {
        Team = "";
        Policy = TeamPolicy.Safe;
        ChangedBy = "";
    }

    public string Team { get; private set; }

    /// <summary>1 for the first stored policy of the team, then one more per change.</summary>
    public int Version { get; private set; }

    public TeamPolicy Policy { get; private set; }

    public string ChangedBy { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }
}

internal sealed class StoredTeamPolicyConfiguration : IEntityTypeConfiguration<StoredTeamPolicy>
{
    public void Configure(EntityTypeBuilder<StoredTeamPolicy> builder)
    {
        builder.ToTable("team_policies");
        builder.HasKey(p => new { p.Team, p.Version });
        builder.Property(p => p.Team).HasMaxLength(64);
        builder.Property(p => p.ChangedBy).HasMaxLength(320);
        // Rows are never updated, so the record's own equality serves as the comparer.
        builder.Property(p => p.Policy).HasColumnType("jsonb").HasConversion(
            policy => JsonSerializer.Serialize(policy, KundJson.Options),
            json => JsonSerializer.Deserialize<TeamPolicy>(json, KundJson.Options)!);
    }
}
