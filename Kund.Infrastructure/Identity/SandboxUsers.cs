namespace Kund.Infrastructure.Identity;

/// <summary>The demo users Sandbox mode seeds at start and lists on its sign-in page (api.md).</summary>
public static class SandboxUsers
{
    public static IReadOnlyList<UserProfile> All { get; } =
    [
        new("alice@kund.dev", "Alice Andersson", ["team-a"], [KundRoles.Requester]),
        new("bob@kund.dev", "Bob Berg", ["team-b"], [KundRoles.Requester]),
        new("carol@kund.dev", "Carol Carlsson", [], [KundRoles.Approver]),
        new("dave@kund.dev", "Dave Dahl", [], [KundRoles.Auditor]),
        new("erin@kund.dev", "Erin Ek", [], [KundRoles.Approver]),
        new("admin@kund.dev", "Ada Admin", [], [KundRoles.Admin]),
    ];

    public static UserProfile? Find(string? email) =>
        All.FirstOrDefault(u => string.Equals(u.Email, email?.Trim(), StringComparison.OrdinalIgnoreCase));
}
