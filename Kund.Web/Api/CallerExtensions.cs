using System.Security.Claims;
using Kund.Infrastructure.Identity;

namespace Kund.Web.Api;

/// <summary>The caller of an endpoint or hub method as Kund's one principal, <see cref="KundUser"/>.</summary>
public static class CallerExtensions
{
    /// <summary>The signed-in user of a request that authorization already let through.</summary>
    public static KundUser ToCaller(this ClaimsPrincipal principal) => KundUser.Require(principal);
}
