using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Kund.Web.Identity;

/// <summary>Authentication scheme names.</summary>
public static class KundSchemes
{
    /// <summary>The default: picks <see cref="Token"/> or <see cref="Cookie"/> per request.</summary>
    public const string Default = "kund";

    /// <summary>The browser session, after sandbox or OpenID Connect sign-in.</summary>
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The name of the session cookie (its first chunk, when it is split).</summary>
    public const string CookieName = "kund.session";

    /// <summary>Personal access tokens: <c>Authorization: Bearer kund_pat_…</c>.</summary>
    public const string Token = "kund-token";

    /// <summary>OpenID Connect, in Aws mode.</summary>
    public const string Oidc = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The API takes tokens only; the hub takes tokens or the page's cookie.</summary>
    internal static string Select(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api"))
        {
            return Token;
        }

        return path.StartsWithSegments("/hubs") && ApiTokenAuthenticationHandler.ReadToken(context.Request) is not null
            ? Token
            : Cookie;
    }

    /// <summary>Requests a program makes, which want 401 and 403, not a redirect to the sign-in page.</summary>
    internal static bool IsProgrammatic(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
