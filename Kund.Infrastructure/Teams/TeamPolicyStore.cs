using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Teams;

/// <summary>A policy in force and where it came from: version 0 and no author for a team nobody configured.</summary>
public sealed record TeamPolicyView(string Team, int Version, TeamPolicy Policy, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>
/// Team policies in PostgreSQL: each change is a new version, recorded in the audit in the same
/// transaction. A team with no stored version has <see cref="DefaultTeamPolicies.For"/>.
/// </summary>
public sealed class TeamPolicyStore(IDbContextFactory<KundDbContext> databases, IAuditTrail audit, TimeProvider time, IOptions<KundOptions> options) : ITeamPolicies
{
    public const string ChangedAction = "team.policy-changed";

    public async Task<TeamPolicy> GetAsync(string team, CancellationToken cancellationToken) =>
        (await GetViewAsync(team, cancellationToken)).Policy;

    public async Task<TeamPolicyView> GetViewAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await db.Set<StoredTeamPolicy>().AsNoTracking()
            .Where(p => p.Team == team)
            .OrderByDescending(p => p.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return stored is null
            ? new TeamPolicyView(team, 0, DefaultTeamPolicies.For(team, options.Value.ParsedMode), null, null)
            : new TeamPolicyView(team, stored.Version, stored.Policy, stored.ChangedBy, stored.ChangedAt);
    }

    /// <summary>The policy in force of each of <paramref name="teams"/>, the newest versions read in one query.</summary>
    public async Task<IReadOnlyDictionary<string, TeamPolicy>> GetManyAsync(IReadOnlyCollection<string> teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var names = teams.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            return new Dictionary<string, TeamPolicy>(StringComparer.Ordinal);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await db.Set<StoredTeamPolicy>().AsNoTracking()
            .Where(p => names.Contains(p.Team) && p.Version == db.Set<StoredTeamPolicy>().Where(q => q.Team == p.Team).Max(q => q.Version))
            .ToDictionaryAsync(p => p.Team, p => p.Policy, StringComparer.Ordinal, cancellationToken);
        var mode = options.Value.ParsedMode;
        return names.ToDictionary(t => t, t => stored.TryGetValue(t, out var policy) ? policy : DefaultTeamPolicies.For(t, mode), StringComparer.Ordinal);
    }

    /// <summary>Every stored version of the team's policy, newest first.</summary>
    public async Task<IReadOnlyList<TeamPolicyView>> HistoryAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<StoredTeamPolicy>().AsNoTracking()
            .Where(p => p.Team == team)
            .OrderByDescending(p => p.Version)
            .Select(p => new TeamPolicyView(p.Team, p.Version, p.Policy, p.ChangedBy, p.ChangedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every team Kund knows, by name.</summary>
    public async Task<IReadOnlyList<string>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<Team>().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Whether Kund knows the team (it has had a member).</summary>
    public async Task<bool> TeamExistsAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<Team>().AnyAsync(t => t.Name == team, cancellationToken);
    }

    /// <summary>Stores <paramref name="policy"/> as the team's next version, audited, once it passes <see cref="TeamPolicyRules"/>.</summary>
    /// <exception cref="TeamPolicyValidationException">The policy breaks one of <see cref="TeamPolicyRules"/>.</exception>
    public async Task<TeamPolicyView> SaveAsync(KundUser admin, string team, TeamPolicy policy, CancellationToken cancellationToken)
    {
        var result = TeamPolicyRules.Validate(policy);
        if (!result.IsValid)
        {
            throw new TeamPolicyValidationException(result);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One writer per team at a time: the next version number is read and used under the lock.
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtext({"team-policy:" + team}))", cancellationToken);
        var version = 1 + (await db.Set<StoredTeamPolicy>().Where(p => p.Team == team).MaxAsync(p => (int?)p.Version, cancellationToken) ?? 0);
        var stored = new StoredTeamPolicy(team, version, policy, admin.Email, time.GetUtcNow());
        db.Add(stored);
        await audit.RecordAsync(db, new AuditEntry(admin.Email, ChangedAction, Team: team, Subject: $"policy v{version}"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TeamPolicyView(team, version, policy, stored.ChangedBy, stored.ChangedAt);
    }
}

/// <summary>A policy an admin wrote that breaks its own rules; <see cref="Result"/> has the errors by path.</summary>
public sealed class TeamPolicyValidationException(ValidationResult result) : Exception("The policy has errors.")
{
    public ValidationResult Result { get; } = result;
}
