namespace Kund.Domain.Policies;

/// <summary>
/// The one counting rule of approvals, for environments and revisions alike: distinct people (e-mails
/// compared trimmed, ignoring case), none of them an author of the request. The same person twice counts once.
/// </summary>
public static class ApprovalCount
{
    public static int Count(IEnumerable<string> approvers, IEnumerable<string> authors)
    {
        var excluded = authors.Select(Normal).ToHashSet(StringComparer.Ordinal);
        return approvers.Select(Normal).Where(a => a.Length > 0 && !excluded.Contains(a)).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Whether <paramref name="approvers"/> are enough for a request that needs <paramref name="needed"/> of them.</summary>
    public static bool IsEnough(IEnumerable<string> approvers, IEnumerable<string> authors, int needed) =>
        Count(approvers, authors) >= Math.Max(needed, 1);

    private static string Normal(string email) => email.Trim().ToLowerInvariant();
}
