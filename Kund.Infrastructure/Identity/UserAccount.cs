namespace Kund.Infrastructure.Identity;

/// <summary>A person known to Kund: seeded in Sandbox mode, upserted from the identity provider's claims at sign-in.</summary>
public sealed class UserAccount
{
    private UserAccount()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Lower-case; unique.</summary>
    public string Email { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>Names from <see cref="KundRoles"/>.</summary>
    public List<string> Roles { get; private set; } = [];

    public List<TeamMembership> Memberships { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastSignedInAt { get; private set; }

    /// <summary>
    /// Goes into every session cookie at sign-in and is compared on each request; signing out replaces it,
    /// so a cookie issued before (a copy included) no longer opens anything.
    /// </summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    public static UserAccount Create(UserProfile profile, DateTimeOffset now)
    {
        var user = new UserAccount { Id = Guid.CreateVersion7(now), Email = NormalizeEmail(profile.Email), CreatedAt = now };
        user.Update(profile);
        return user;
    }

    /// <summary>Takes the display name, teams and roles the identity provider states now; membership follows it.</summary>
    public void Update(UserProfile profile)
    {
        DisplayName = string.IsNullOrWhiteSpace(profile.DisplayName) ? Email : profile.DisplayName.Trim();
        Roles = profile.Roles.Select(KundRoles.Normalize).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var teams = profile.Teams.Select(Team.NormalizeName).Distinct().ToHashSet(StringComparer.Ordinal);
        Memberships.RemoveAll(m => !teams.Contains(m.Team));
        foreach (var team in teams.Where(t => Memberships.TrueForAll(m => m.Team != t)))
        {
            Memberships.Add(new TeamMembership(Id, team));
        }
    }

    public void MarkSignedIn(DateTimeOffset now) => LastSignedInAt = now;

    /// <summary>Ends every session cookie issued so far.</summary>
    public void RotateSecurityStamp() => SecurityStamp = NewStamp();

    private static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
