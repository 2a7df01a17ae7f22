using System.Globalization;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Kund.Web.Identity;

/// <summary>
/// Each request checks the cookie's security stamp against the user's (<see cref="SessionStamps"/>), so a
/// cookie issued before a sign-out, a copy included, stops working. A session cookie lasts hours; the
/// person's teams and roles are read again from the database every few minutes, so a changed role (or a
/// removed account) takes effect within <see cref="Every"/>, not at the end of the session. Open Blazor
/// circuits are checked by <see cref="CircuitRevalidation"/>.
/// </summary>
internal static class SessionRefresh
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    private const string CheckedAtKey = "kund.checked";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var stamps = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
        if (!await stamps.IsCurrentAsync(context.Principal, users, context.HttpContext.RequestAborted))
        {
            await RejectAsync(context);
            return;
        }

        var now = context.Options.TimeProvider!.GetUtcNow();
        var checkedAt = context.Properties.Items.TryGetValue(CheckedAtKey, out var text) &&
                        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
        if (now - checkedAt < Every)
        {
            return;
        }

        var account = KundUser.FromPrincipal(context.Principal) is { } current
            ? await users.FindAsync(current.Id, context.HttpContext.RequestAborted)
            : null;
        if (account is null || account.SecurityStamp != context.Principal!.FindFirst(SessionStamps.ClaimType)?.Value)
        {
            await RejectAsync(context);
            return;
        }

        context.ReplacePrincipal(SessionStamps.Principal(KundUser.FromAccount(account), account.SecurityStamp));
        context.Properties.Items[CheckedAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(KundSchemes.Cookie);
    }
}
