using System.Security.Claims;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;

namespace Kund.Web.Api;

/// <summary>Turns the signed-in principal into the <see cref="Caller"/> the environment services expect.</summary>
public static class CallerExtensions
{
    public static Caller ToCaller(this ClaimsPrincipal principal) => KundUser.Require(principal).ToCaller();

    public static Caller ToCaller(this KundUser user) =>
        new(
            user.Email,
            user.IsRequester ? user.Teams : new HashSet<string>(StringComparer.Ordinal),
            SeesAllTeams: user.CanSeeAllTeams,
            CanApprove: user.IsApprover,
            CanChange: user.IsRequester || user.IsApprover || user.IsAdmin);
}
