using System.Net;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>Sandbox sign-in over HTTP: the page lists the demo users, one antiforgery-protected post signs in.</summary>
public class SignInTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task SignInPage_Sandbox_ListsEveryDemoUser()
    {
        using var client = NewClient();

        var html = await client.GetStringAsync("/account/sign-in");

        foreach (var email in new[] { "alice@kund.dev", "bob@kund.dev", "carol@kund.dev", "dave@kund.dev", "admin@kund.dev" })
        {
            Assert.Contains(email, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_WithAntiforgery_CookieSessionAuditedAndReturnUrlFollowed()
    {
        using var client = NewClient();

        using var response = await IdentityTestSupport.SignInAsync(client, "alice@kund.dev", "/account/profile");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/profile", response.Headers.Location?.OriginalString);
        var profile = await client.GetStringAsync("/account/profile");
        Assert.Contains("Alice Andersson", profile, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        Assert.True(await db.Set<AuditEvent>().AnyAsync(e => e.Action == AuditActions.UserSignedIn && e.Actor == "alice@kund.dev"));
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgery_400AndNoCookie()
    {
        using var client = NewClient();

        using var response = await client.PostAsync("/account/sign-in/sandbox", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "admin@kund.dev" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("kund.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_ForeignReturnUrl_GoesHome()
    {
        using var client = NewClient();

        using var response = await IdentityTestSupport.SignInAsync(client, "bob@kund.dev", "//evil.example.com/");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_UnknownEmail_BackToSignInWithError()
    {
        using var client = NewClient();

        using var response = await IdentityTestSupport.SignInAsync(client, "mallory@kund.dev", "/");

        Assert.Equal("/account/sign-in?error=unknown-user", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AdminPage_SignedInRequester_AccessDenied()
    {
        using var client = NewClient();
        await IdentityTestSupport.SignInAsync(client, "alice@kund.dev", "/");

        using var response = await client.GetAsync("/account/tokens");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_SignedInAdmin_ListsEveryonesTokens()
    {
        await app.CreateTokenAsync(IdentityTestSupport.Bob, name: "bobs-pipeline");
        using var client = NewClient();
        await IdentityTestSupport.SignInAsync(client, "admin@kund.dev", "/");

        var html = await client.GetStringAsync("/account/tokens");

        Assert.Contains("bobs-pipeline", html, StringComparison.Ordinal);
        Assert.Contains("bob@kund.dev", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithAntiforgery_SessionEnds()
    {
        using var client = NewClient();
        await IdentityTestSupport.SignInAsync(client, "carol@kund.dev", "/");
        // The user menu's form renders when the menu opens; the sign-in page's forms carry a token for the same user.
        var token = IdentityTestSupport.AntiforgeryToken(await client.GetStringAsync("/account/sign-in"));

        using var response = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var after = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithSessionCookieOnly_401()
    {
        using var client = NewClient();
        await IdentityTestSupport.SignInAsync(client, "admin@kund.dev", "/");

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpClient NewClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
