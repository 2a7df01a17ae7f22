using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Domain.Revisions;

/// <summary>
/// How many approvals a request needs and whether it has them: the team policy's number for the purpose
/// (when the policy says nothing, <see cref="TeamPolicy.Safe"/>'s: two for prod, one otherwise), counted over
/// distinct people, never one of the request's authors. Requests and revisions alike.
/// </summary>
public static class ApprovalRule
{
    public static int Needed(TeamPolicy policy, Purpose purpose)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Approvals?.GetValueOrDefault(purpose) is { } needed and > 0 ? needed : TeamPolicy.Safe.Approvals?.GetValueOrDefault(purpose) ?? 1;
    }

    /// <summary>The approvals that count: distinct people, authors left out. E-mails compare trimmed and case-insensitively.</summary>
    public static int Count(IEnumerable<string> approvers, IEnumerable<string> authors)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(authors);
        var excluded = authors.Select(Normal).ToHashSet(StringComparer.Ordinal);
        return approvers.Select(Normal).Where(a => !excluded.Contains(a)).Distinct(StringComparer.Ordinal).Count();
    }

    public static bool IsSatisfied(int needed, IEnumerable<string> approvers, IEnumerable<string> authors) =>
        Count(approvers, authors) >= needed;

    public static bool SamePerson(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string email) => email.Trim().ToLowerInvariant();
}
