using System.Security.Claims;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Api;

/// <summary>Turns the signed-in principal into the <see cref="Caller"/> the environment services expect.</summary>
public static class CallerExtensions
{
    public const string TeamClaim = "kund:team";

    public static Caller ToCaller(this ClaimsPrincipal user)
    {
        var email = user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name) ?? "";
        var teams = user.FindAll(TeamClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var approver = user.IsInRole("approver");
        var auditor = user.IsInRole("auditor");
        var admin = user.IsInRole("admin");
        return new Caller(email, teams, SeesAllTeams: approver || auditor || admin, CanApprove: approver, CanChange: !auditor || approver || admin);
    }
}
