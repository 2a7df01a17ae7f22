using Kund.Infrastructure.Configuration;
using Kund.Web.Identity;

namespace Kund.Web.Hubs;

/// <summary>
/// Refuses (403) a hub request that would be authenticated by the session cookie when it comes from a page
/// of another origin: a browser sends the cookie along with any page's WebSocket or fetch, so without this
/// any site a signed-in person visits could stream their environments. Allowed are Kund's own origin (as
/// the request reaches it, after forwarded headers) and <see cref="HubSettings.AllowedOrigins"/>.
/// Requests carrying a bearer token are not affected: the token is not sent by the browser on its own.
/// Without an <c>Origin</c> header the request passes unless <c>Sec-Fetch-Site</c> says it is cross-site:
/// browsers always send Origin on WebSockets and cross-origin fetches, and leave it out only on
/// same-origin GETs (long polling, server-sent events), which they mark <c>Sec-Fetch-Site: same-origin</c>.
/// </summary>
internal sealed class HubOriginGuard
{
    private readonly HashSet<string> allowed;

    public HubOriginGuard(HubSettings settings)
    {
        allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in settings.AllowedOrigins)
        {
            allowed.Add(Normalize(origin) ?? throw new StartupConfigurationException(
                $"Kund:Hub:AllowedOrigins holds '{origin}'; expected an origin such as 'https://portal.example.com' (scheme, host and port only)."));
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/hubs") && UsesSessionCookie(context.Request) && !IsAllowed(context.Request))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "The hub takes the session cookie only from Kund's own pages.",
                    detail: "Connect from Kund's origin, list the page's origin in Kund:Hub:AllowedOrigins, or use a bearer token.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool UsesSessionCookie(HttpRequest request) =>
        KundSchemes.Select(request.HttpContext) == KundSchemes.Cookie && request.Cookies.ContainsKey(KundSchemes.CookieName);

    private bool IsAllowed(HttpRequest request)
    {
        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            return request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        }

        if (origins.Count != 1 || Normalize(origins[0]) is not { } origin)
        {
            return false;
        }

        return string.Equals(origin, Normalize($"{request.Scheme}://{request.Host.Value}"), StringComparison.OrdinalIgnoreCase) || allowed.Contains(origin);
    }

    /// <summary><c>scheme://host[:port]</c> with the scheme's default port left out, or null when the text is not an origin.</summary>
    private static string? Normalize(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}"
            : null;
}
