namespace Kund.Infrastructure.Identity;

/// <summary>
/// The four roles. Stored and carried in claims as these lower-case names, so they never change once released.
/// </summary>
public static class KundRoles
{
    /// <summary>Describes, submits, cancels, retries and destroys the environments of their own teams.</summary>
    public const string Requester = "requester";

    /// <summary>Approves or rejects any team's requests, never their own; reads every team.</summary>
    public const string Approver = "approver";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Settings and other people's tokens; reads every team.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Requester, Approver, Auditor, Admin];

    /// <summary>The canonical name of <paramref name="role"/>, or null when it is not a Kund role.</summary>
    public static string? Normalize(string? role)
    {
        var trimmed = role?.Trim().ToLowerInvariant();
        return All.FirstOrDefault(r => r == trimmed);
    }
}
