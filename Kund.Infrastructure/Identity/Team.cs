namespace Kund.Infrastructure.Identity;

/// <summary>A team: the unit that owns environments. Created when its first member signs in.</summary>
public sealed class Team
{
    public Team(string name)
    {
        Name = NormalizeName(name);
    }

    /// <summary>Lower-case, such as <c>team-a</c>; environments name it in their spec.</summary>
    public string Name { get; private set; }

    public static string NormalizeName(string name) => name.Trim().ToLowerInvariant();
}

/// <summary>A user belongs to a team.</summary>
public sealed class TeamMembership(Guid userId, string team)
{
    public Guid UserId { get; private set; } = userId;

    public string Team { get; private set; } = team;
}
