using Kund.Infrastructure.Configuration;

namespace Kund.Web.Identity;

/// <summary>
/// The <c>Kund:Auth</c> section: OpenID Connect sign-in in Aws mode, and how the identity provider's
/// claims say which teams and roles a person has. With the defaults, a <c>groups</c> claim holding
/// <c>kund-team-payments</c> and <c>kund-role-approver</c> makes a member of team <c>payments</c> who approves.
/// </summary>
public sealed class AuthSettings
{
    public const string SectionName = "Kund:Auth";

    /// <summary>The issuer URL (its <c>/.well-known/openid-configuration</c> is read).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Claim whose values name teams.</summary>
    public string TeamsClaim { get; set; } = "groups";

    /// <summary>Only values starting with this are teams; it is removed to get the team name. Empty takes every value.</summary>
    public string TeamPrefix { get; set; } = "kund-team-";

    /// <summary>Claim whose values name roles.</summary>
    public string RolesClaim { get; set; } = "groups";

    /// <summary>Only values starting with this are roles (<c>kund-role-approver</c>); empty takes every value.</summary>
    public string RolePrefix { get; set; } = "kund-role-";

    /// <summary>Whether a team member without any role claim is a requester (the common case: people ask for their team's environments).</summary>
    public bool TeamMembersAreRequesters { get; set; } = true;

    public string EmailClaim { get; set; } = "email";

    public string NameClaim { get; set; } = "name";

    /// <summary>Scopes besides <c>openid</c>, space-separated.</summary>
    public string Scopes { get; set; } = "profile email";

    public static AuthSettings Read(IConfiguration configuration, KundMode mode)
    {
        var settings = new AuthSettings();
        configuration.GetSection(SectionName).Bind(settings);
        if (mode == KundMode.Aws)
        {
            settings.Validate();
        }

        return settings;
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(Authority))
        {
            throw new StartupConfigurationException(
                "Kund:Auth:Authority is not set; Kund:Mode=Aws signs people in with OpenID Connect and needs the issuer URL, such as 'https://login.example.com/realms/kund'.");
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new StartupConfigurationException($"Kund:Auth:Authority is '{Authority}'; expected an absolute https:// issuer URL.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new StartupConfigurationException("Kund:Auth:ClientId is not set; Kund:Mode=Aws needs the OpenID Connect client id registered for Kund.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            throw new StartupConfigurationException("Kund:Auth:ClientSecret is not set; Kund:Mode=Aws needs the OpenID Connect client secret (environment variable Kund__Auth__ClientSecret).");
        }
    }
}
