using System.Globalization;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Kund.Web.Identity;

/// <summary>
/// A session cookie lasts hours; the person's teams and roles are read again from the database every few
/// minutes, so a changed role (or a removed account) takes effect within <see cref="Every"/>, not at the
/// end of the session. Open Blazor circuits keep the user they started with until they reconnect.
/// </summary>
internal static class SessionRefresh
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    private const string CheckedAtKey = "kund.checked";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = context.Options.TimeProvider!.GetUtcNow();
        var checkedAt = context.Properties.Items.TryGetValue(CheckedAtKey, out var text) &&
                        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
        if (now - checkedAt < Every)
        {
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var account = KundUser.FromPrincipal(context.Principal) is { } current
            ? await users.FindAsync(current.Id, context.HttpContext.RequestAborted)
            : null;
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(KundSchemes.Cookie);
            return;
        }

        context.ReplacePrincipal(KundUser.FromAccount(account).ToPrincipal(KundSchemes.Cookie));
        context.Properties.Items[CheckedAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }
}
