using System.Security.Cryptography;
using Kund.Infrastructure.Configuration;
using Kund.Web.Identity;

namespace Kund.Web.Hosting;

/// <summary>
/// Security headers on every response, pages, API, static files and errors alike (set when the response
/// starts, so an exception handler that clears headers cannot drop them). The Content-Security-Policy is
/// what Blazor Server and MudBlazor need: scripts only from Kund itself, inline styles (MudBlazor sets
/// them), the circuit's WebSocket on the same origin. The one inline script, Blazor's import map, is
/// allowed by a per-request nonce (<see cref="NonceOf"/>), not by 'unsafe-inline'.
/// </summary>
internal sealed class SecurityHeaders(string contentSecurityPolicy)
{
    // The API reference page (Scalar) configures itself with an inline script it writes; that page alone
    // may run inline scripts. It shows public documentation and holds no session data of its own.
    private readonly string apiDocsPolicy = contentSecurityPolicy.Replace("'nonce-{nonce}'", "'unsafe-inline'", StringComparison.Ordinal);

    public static SecurityHeaders Create(KundOptions options, AuthSettings settings)
    {
        // Chromium applies form-action to the redirect after a form post, and OpenID Connect sign-in
        // posts to Kund, which redirects to the identity provider.
        var formAction = options.ParsedMode == KundMode.Aws && Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        return new SecurityHeaders(string.Join("; ",
            "default-src 'self'",
            "script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'"));
    }

    private const string NonceKey = "kund:csp-nonce";

    /// <summary>The nonce this response's CSP allows for inline scripts (<c>&lt;ImportMap nonce="…" /&gt;</c> in App.razor).</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(WebServiceCollectionExtensions.ApiDocsPath)
                ? apiDocsPolicy
                : contentSecurityPolicy.Replace("{nonce}", nonce, StringComparison.Ordinal);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                // API answers hold a team's environments, audit rows and tokens: no cache keeps a copy.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
