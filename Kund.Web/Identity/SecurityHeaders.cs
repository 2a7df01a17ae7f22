using Kund.Infrastructure.Configuration;

namespace Kund.Web.Identity;

/// <summary>
/// Security headers on every response, pages, API, static files and errors alike (set when the response
/// starts, so an exception handler that clears headers cannot drop them). The Content-Security-Policy is
/// what Blazor Server and MudBlazor need: scripts only from Kund itself, inline styles (MudBlazor sets
/// them), the circuit's WebSocket on the same origin.
/// </summary>
internal sealed class SecurityHeaders(string contentSecurityPolicy)
{
    public static SecurityHeaders Create(KundOptions options, AuthSettings settings)
    {
        // Chromium applies form-action to the redirect after a form post, and OpenID Connect sign-in
        // posts to Kund, which redirects to the identity provider.
        var formAction = options.ParsedMode == KundMode.Aws && Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        return new SecurityHeaders(string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'"));
    }

    public string ContentSecurityPolicy => contentSecurityPolicy;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
