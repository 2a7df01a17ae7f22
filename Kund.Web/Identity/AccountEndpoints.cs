using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Web.Hubs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Identity;

/// <summary>
/// Sign-in and sign-out posts. Form posts carry an antiforgery token (minimal APIs that bind forms
/// validate it); the sign-in page renders them.
/// </summary>
internal static class AccountEndpoints
{
    public const string SignInPath = "/account/sign-in";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string SignOutPath = "/account/sign-out";
    public const string SandboxSignInPath = "/account/sign-in/sandbox";
    public const string OidcSignInPath = "/account/sign-in/oidc";

    public static void MapKundAccount(this IEndpointRouteBuilder endpoints, KundOptions options)
    {
        var account = endpoints.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        if (options.ParsedMode == KundMode.Sandbox)
        {
            account.MapPost("/sign-in/sandbox", SignInSandboxAsync);
        }
        else
        {
            account.MapPost("/sign-in/oidc", ([FromForm] string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [KundSchemes.Oidc]));
        }

        account.MapPost("/sign-out", async (HttpContext context, UserDirectory users, SessionStamps stamps, HubConnections hubs, CancellationToken cancellationToken) =>
        {
            // A new stamp, not just an expired cookie: a copy of the cookie must stop working too.
            if (KundUser.FromPrincipal(context.User) is { } user)
            {
                await users.SignOutAsync(user.Id, cancellationToken);
                stamps.Forget(user.Id);
                hubs.CloseSessions(user.Id);
            }

            await context.SignOutAsync(KundSchemes.Cookie);
            return TypedResults.LocalRedirect(SignInPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    /// <summary>One click signs in as a seeded demo user; only users the sandbox seeded exist here.</summary>
    private static async Task<IResult> SignInSandboxAsync(
        [FromForm] string email, [FromForm] string? returnUrl, HttpContext context, UserDirectory users, SessionStamps stamps, CancellationToken cancellationToken)
    {
        if (SandboxUsers.Find(email) is null ||
            await users.SignInAsync(email, profile: null, method: "sandbox", cancellationToken) is not { } user)
        {
            return TypedResults.LocalRedirect($"{SignInPath}?error=unknown-user");
        }

        await context.SignInAsync(KundSchemes.Cookie, await stamps.SignInPrincipalAsync(user, users, cancellationToken));
        return TypedResults.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>Only a path on this site; anything else (another host, <c>//evil</c>, <c>/\evil</c>) goes home.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2048 } &&
        returnUrl[0] == '/' &&
        (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\')) &&
        !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
