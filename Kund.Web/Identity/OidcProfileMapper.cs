using System.Security.Claims;
using Kund.Infrastructure.Identity;

namespace Kund.Web.Identity;

/// <summary>Turns the identity provider's claims into a <see cref="UserProfile"/> as <see cref="AuthSettings"/> describes.</summary>
internal static class OidcProfileMapper
{
    /// <returns>Null when the provider sent no email, without which Kund cannot name the person.</returns>
    public static UserProfile? Map(ClaimsPrincipal principal, AuthSettings settings)
    {
        var email = principal.FindFirstValue(settings.EmailClaim) ?? principal.FindFirstValue("preferred_username");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var teams = Values(principal, settings.TeamsClaim, settings.TeamPrefix).Where(t => t.Length is > 0 and <= 64).ToList();
        var roles = Values(principal, settings.RolesClaim, settings.RolePrefix).Select(KundRoles.Normalize).OfType<string>().ToList();
        if (roles.Count == 0 && teams.Count > 0 && settings.TeamMembersAreRequesters)
        {
            roles.Add(KundRoles.Requester);
        }

        var name = principal.FindFirstValue(settings.NameClaim) ?? email;
        return new UserProfile(email, name, teams, roles);
    }

    private static IEnumerable<string> Values(ClaimsPrincipal principal, string claim, string prefix) =>
        principal.FindAll(claim)
            .Select(c => c.Value)
            .Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(v => v[prefix.Length..].Trim().ToLowerInvariant());
}
