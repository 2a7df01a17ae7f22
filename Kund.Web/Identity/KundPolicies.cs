using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Kund.Web.Identity;

/// <summary>
/// The authorization policies: the one place that says which role may do what. Pages use
/// <c>[Authorize(Policy = KundPolicies.X)]</c>, endpoints <c>.RequireAuthorization(KundPolicies.X)</c>,
/// hub methods <c>[Authorize(Policy = KundPolicies.X)]</c>. Team isolation is not a policy: queries go
/// through <see cref="TeamVisibility.VisibleTo{T}"/> and another team's object is a 404.
/// </summary>
public static class KundPolicies
{
    /// <summary>Any signed-in user (cookie or token).</summary>
    public const string Authenticated = "kund:authenticated";

    /// <summary>Requesters: create and change environments of their own teams (check the team with <see cref="KundUser.CanRequestFor"/>).</summary>
    public const string Requester = "kund:requester";

    /// <summary>Approvers: approve or reject any team's request, never their own (the four-eyes rule in the aggregate).</summary>
    public const string Approver = "kund:approver";

    /// <summary>Read everything of every team: approvers, auditors, admins (<see cref="KundUser.CanSeeAllTeams"/>).</summary>
    public const string ReadAll = "kund:read-all";

    /// <summary>Auditors and admins: checking the audit chain (it signs a checkpoint, and its answer is for those who audit).</summary>
    public const string Audit = "kund:audit";

    /// <summary>Admins: settings and other people's tokens.</summary>
    public const string Admin = "kund:admin";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Requester, p => p.RequireAuthenticatedUser().RequireRole(KundRoles.Requester));
        options.AddPolicy(Approver, p => p.RequireAuthenticatedUser().RequireRole(KundRoles.Approver));
        options.AddPolicy(ReadAll, p => p.RequireAuthenticatedUser().RequireRole(KundRoles.Approver, KundRoles.Auditor, KundRoles.Admin));
        options.AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireRole(KundRoles.Auditor, KundRoles.Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(KundRoles.Admin));
    }
}
