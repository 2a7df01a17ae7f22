namespace Kund.Infrastructure.Environments;

/// <summary>
/// Who is asking, as the environment services need it. Built from the signed-in user (pages, API, hub)
/// or <see cref="System"/> for workers. Team isolation is applied to every query with it.
/// </summary>
/// <param name="Email">Identifies the person in the audit history and in the four-eyes rule.</param>
/// <param name="Teams">The teams whose environments the caller works on as a requester.</param>
/// <param name="SeesAllTeams">Approvers, auditors and admins read every team's environments.</param>
/// <param name="CanApprove">May approve or reject requests (never their own).</param>
/// <param name="CanChange">False for auditors: they read everything and change nothing.</param>
public sealed record Caller(string Email, IReadOnlySet<string> Teams, bool SeesAllTeams, bool CanApprove, bool CanChange)
{
    /// <summary>Kund's own workers (expiry, provisioning).</summary>
    public static Caller System { get; } = new("system", new HashSet<string>(), SeesAllTeams: true, CanApprove: false, CanChange: true);

    public bool CanSee(string team) => SeesAllTeams || Teams.Contains(team);

    /// <summary>Drafts, submissions, retries and destroys are for members of the team (admins included via <see cref="Teams"/>).</summary>
    public bool CanWorkOn(string team) => CanChange && (Teams.Contains(team) || ReferenceEquals(this, System));
}
