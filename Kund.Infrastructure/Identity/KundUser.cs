using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Kund.Infrastructure.Identity;

/// <summary>
/// Kund's one principal: who is asking, as pages, endpoints, hubs, queries and the environment services
/// see them — a signed-in person, or <see cref="System"/> for Kund's own workers. Built from the claims
/// Kund puts in its cookie and its token principals: <see cref="FromPrincipal"/> works on
/// <c>HttpContext.User</c>, <c>AuthenticationState.User</c> and a hub's <c>Context.User</c> alike. Team
/// isolation of queries is <see cref="TeamVisibility.VisibleTo{T}"/> with it.
/// </summary>
public sealed class KundUser
{
    public KundUser(Guid id, string email, string displayName, IEnumerable<string> teams, IEnumerable<string> roles)
        : this(id, email, displayName, teams, roles, isSystem: false)
    {
    }

    private KundUser(Guid id, string email, string displayName, IEnumerable<string> teams, IEnumerable<string> roles, bool isSystem)
    {
        Id = id;
        Email = email;
        DisplayName = displayName;
        Teams = teams.ToHashSet(StringComparer.Ordinal);
        Roles = roles.ToHashSet(StringComparer.Ordinal);
        IsSystem = isSystem;
    }

    /// <summary>Kund's own workers (expiry, provisioning, the hub relay): they see and work on every team's environments.</summary>
    public static KundUser System { get; } = new(Guid.Empty, "system", "Kund", [], [], isSystem: true);

    public Guid Id { get; }

    /// <summary>Lower-case; the actor name in the audit history and on environments (<c>requestedBy</c>).</summary>
    public string Email { get; }

    public string DisplayName { get; }

    public IReadOnlySet<string> Teams { get; }

    /// <summary>Names from <see cref="KundRoles"/>.</summary>
    public IReadOnlySet<string> Roles { get; }

    public bool IsRequester => Roles.Contains(KundRoles.Requester);

    public bool IsApprover => Roles.Contains(KundRoles.Approver);

    public bool IsAuditor => Roles.Contains(KundRoles.Auditor);

    public bool IsAdmin => Roles.Contains(KundRoles.Admin);

    public bool IsSystem { get; }

    /// <summary>May approve or reject requests (never one they wrote: the aggregate's four-eyes rule).</summary>
    public bool CanApprove => IsApprover;

    /// <summary>False for auditors: they read everything and change nothing.</summary>
    public bool CanChange => IsSystem || IsRequester || IsApprover || IsAdmin;

    /// <summary>Approvers, auditors and admins read every team's objects.</summary>
    public bool CanSeeAllTeams => IsSystem || IsApprover || IsAuditor || IsAdmin;

    /// <summary>Whether objects of <paramref name="team"/> exist for this user; when not, they are reported as 404.</summary>
    public bool CanSeeTeam(string team) => CanSeeAllTeams || Teams.Contains(team);

    /// <summary>
    /// Whether this user may create and change environments of <paramref name="team"/> (drafts,
    /// submissions, retries, destroys): its requesters, and Kund's own workers.
    /// </summary>
    public bool CanRequestFor(string team) => IsSystem || (IsRequester && Teams.Contains(team));

    public static KundUser FromAccount(UserAccount account) =>
        new(account.Id, account.Email, account.DisplayName, account.Memberships.Select(m => m.Team), account.Roles);

    /// <summary>The user the principal's claims describe, or null when it is anonymous or not Kund's.</summary>
    public static KundUser? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true ||
            !Guid.TryParse(principal.FindFirstValue(KundClaimTypes.UserId), out var id) ||
            principal.FindFirstValue(KundClaimTypes.Email) is not { } email)
        {
            return null;
        }

        return new KundUser(
            id,
            email,
            principal.FindFirstValue(KundClaimTypes.Name) ?? email,
            principal.FindAll(KundClaimTypes.Team).Select(c => c.Value),
            principal.FindAll(KundClaimTypes.Role).Select(c => c.Value));
    }

    /// <summary>
    /// Lets minimal API handlers take the caller as a parameter: <c>(KundUser user, …) =&gt; …</c>. Null (a 400)
    /// only when the endpoint forgot <c>RequireAuthorization</c>; declare <c>KundUser?</c> on anonymous endpoints.
    /// </summary>
    public static ValueTask<KundUser?> BindAsync(HttpContext context) => ValueTask.FromResult(FromPrincipal(context.User));

    /// <summary>Like <see cref="FromPrincipal"/> where authorization has already required a signed-in user.</summary>
    public static KundUser Require(ClaimsPrincipal? principal) =>
        FromPrincipal(principal) ?? throw new InvalidOperationException("No signed-in Kund user; is the endpoint missing RequireAuthorization?");

    /// <summary>The claims a principal for this user carries; <paramref name="authenticationType"/> is the scheme.</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(KundClaimTypes.UserId, Id.ToString()),
            new(KundClaimTypes.Email, Email),
            new(KundClaimTypes.Name, DisplayName),
        };
        claims.AddRange(Teams.Order(StringComparer.Ordinal).Select(t => new Claim(KundClaimTypes.Team, t)));
        claims.AddRange(Roles.Order(StringComparer.Ordinal).Select(r => new Claim(KundClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, KundClaimTypes.Name, KundClaimTypes.Role));
    }
}

/// <summary>The claim types of Kund's principals (cookie and token alike).</summary>
public static class KundClaimTypes
{
    public const string UserId = "kund:uid";
    public const string Team = "kund:team";
    public const string Email = ClaimTypes.Email;
    public const string Name = ClaimTypes.Name;
    public const string Role = ClaimTypes.Role;
}
