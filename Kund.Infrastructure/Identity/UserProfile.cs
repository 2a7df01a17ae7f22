namespace Kund.Infrastructure.Identity;

/// <summary>Who a person is as the identity provider (or the sandbox) describes them at sign-in.</summary>
/// <param name="Email">The sign-in name; compared case-insensitively, stored lower-case.</param>
/// <param name="DisplayName">Shown in the user menu and on audit pages.</param>
/// <param name="Teams">Team names such as <c>team-a</c>.</param>
/// <param name="Roles">Names from <see cref="KundRoles"/>.</param>
public sealed record UserProfile(string Email, string DisplayName, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles);
