using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Web.Hubs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;

namespace Kund.Web.Identity;

/// <summary>Sign-in (sandbox demo users or OpenID Connect), the cookie session, bearer tokens and the policies.</summary>
internal static class IdentitySetup
{
    public static void AddKundIdentity(this WebApplicationBuilder builder, KundMode mode)
    {
        var settings = AuthSettings.Read(builder.Configuration, mode);
        builder.Services.AddSingleton(settings);

        var authentication = builder.Services
            .AddAuthentication(KundSchemes.Default)
            .AddPolicyScheme(KundSchemes.Default, "Cookie or token", o => o.ForwardDefaultSelector = KundSchemes.Select)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(KundSchemes.Token, null)
            .AddCookie(KundSchemes.Cookie, cookie =>
            {
                cookie.Cookie.Name = KundSchemes.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Sandbox serves plain http on loopback; Aws mode is https (behind a proxy: ASPNETCORE_FORWARDEDHEADERS_ENABLED=true).
                cookie.Cookie.SecurePolicy = mode == KundMode.Aws ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = AccountEndpoints.SignInPath;
                cookie.AccessDeniedPath = AccountEndpoints.AccessDeniedPath;
                cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = SessionRefresh.ValidateAsync;
            });

        if (mode == KundMode.Aws)
        {
            authentication.AddOpenIdConnect(KundSchemes.Oidc, oidc => ConfigureOidc(oidc, settings));
        }

        builder.Services.AddAuthorization(KundPolicies.Add);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<SessionStamps>();
        builder.Services.AddScoped<AuthenticationStateProvider, CircuitRevalidation>();
        builder.Services.AddScoped<CurrentUser>();
    }

    public static void UseKundIdentity(this WebApplication app, KundOptions options)
    {
        app.Use(new HubOriginGuard(options.Hub).InvokeAsync);
        app.UseWhen(context => KundSchemes.IsProgrammatic(context.Request), programmatic => programmatic.Use((context, next) =>
        {
            // Programs get status codes (401, 403, problem bodies), not the HTML not-found page.
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            return next(context);
        }));
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>
    /// Antiforgery for form posts; a post whose token is missing or wrong gets 400 here, before its
    /// endpoint reads the form (which would otherwise throw and answer 500).
    /// </summary>
    public static void UseKundAntiforgery(this WebApplication app)
    {
        app.UseAntiforgery();
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired or did not come from Kund; reload the page.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (KundSchemes.IsProgrammatic(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static void ConfigureOidc(OpenIdConnectOptions oidc, AuthSettings settings)
    {
        oidc.SignInScheme = KundSchemes.Cookie;
        oidc.Authority = settings.Authority;
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = settings.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.RequireHttpsMetadata = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        // The identity provider's tokens are not needed after sign-in; keeping them out keeps the cookie small and secret-free.
        oidc.SaveTokens = false;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            oidc.Scope.Add(scope);
        }

        oidc.Events.OnTokenValidated = async context =>
        {
            if (context.Principal is null || OidcProfileMapper.Map(context.Principal, settings) is not { } profile)
            {
                context.Fail("The identity provider sent no email claim; Kund names people by email.");
                return;
            }

            var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
            var user = await users.SignInAsync(profile.Email, profile, "oidc", context.HttpContext.RequestAborted);
            context.Principal = await context.HttpContext.RequestServices.GetRequiredService<SessionStamps>()
                .SignInPrincipalAsync(user!, users, context.HttpContext.RequestAborted);
        };
    }
}
