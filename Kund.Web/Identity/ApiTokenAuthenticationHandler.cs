using System.Security.Claims;
using System.Text.Encodings.Web;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Kund.Web.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer kund_pat_…</c>, and for <c>/hubs/…</c> only the <c>access_token</c>
/// query value (browsers cannot set headers on WebSockets). The token text never reaches a log or a message.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The claim a token principal carries the token's id in, so that revoking it can close what it opened.</summary>
    public const string TokenIdClaimType = "kund:tid";

    private const string BearerPrefix = "Bearer ";

    public static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header &&
            header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }

        if (authorization.Count == 0 && request.Path.StartsWithSegments("/hubs") &&
            request.Query.TryGetValue("access_token", out var query) && query.Count == 1)
        {
            return query[0];
        }

        return null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count > 0 && ReadToken(Request) is null)
        {
            return AuthenticateResult.Fail("The Authorization header is not a single bearer token.");
        }

        var token = ReadToken(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var tokens = Context.RequestServices.GetRequiredService<ApiTokens>();
        if (await tokens.AuthenticateAsync(token, Context.RequestAborted) is not { } authenticated)
        {
            return AuthenticateResult.Fail("The token is malformed, unknown, expired or revoked.");
        }

        var principal = authenticated.User.ToPrincipal(Scheme.Name);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TokenIdClaimType, authenticated.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = result.Failure is null
            ? "Bearer realm=\"kund\""
            : "Bearer realm=\"kund\", error=\"invalid_token\"";
    }
}
