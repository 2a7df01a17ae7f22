using System.Net;
using System.Text.RegularExpressions;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Support;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>Aws mode: authorization code + PKCE against a fake provider; the person is upserted from the claims.</summary>
public partial class OidcSignInTests(OidcSignInTests.OidcApp app) : IClassFixture<OidcSignInTests.OidcApp>
{
    [Fact]
    public async Task SignIn_CodeFlowWithPkce_UserUpsertedFromClaimsAndSessionStarted()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

        // The sign-in page posts to the challenge, which redirects the browser to the provider.
        var page = await client.GetStringAsync("/account/sign-in");
        Assert.Contains("Sign in with single sign-on", page, StringComparison.Ordinal);
        using var challenge = await client.PostAsync("/account/sign-in/oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/account/profile",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryInput().Match(page).Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{FakeIdentityProvider.Issuer}/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);

        // The provider signs Eve in and posts the code back.
        app.Idp.Issue("code-1", query["nonce"]!, query["code_challenge"]!, new()
        {
            ["email"] = "Eve@Example.com",
            ["name"] = "Eve Ek",
            ["groups"] = new List<string> { "kund-team-payments", "kund-role-approver", "other" },
        });
        using var callback = await client.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "code-1",
            ["state"] = query["state"]!,
        }));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account/profile", callback.Headers.Location?.OriginalString);
        Assert.True(app.Idp.PkceVerified);
        Assert.Contains("Eve Ek", await client.GetStringAsync("/account/profile"), StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindByEmailAsync("eve@example.com", CancellationToken.None);
        Assert.NotNull(user);
        Assert.Equal([KundRoles.Approver], user.Roles);
        Assert.Equal(["payments"], user.Memberships.Select(m => m.Team));
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        Assert.True(await db.Set<AuditEvent>().AnyAsync(e => e.Action == AuditActions.UserSignedIn && e.Actor == "eve@example.com"));
    }

    [Fact]
    public async Task Response_AwsMode_HstsAndHttpsRedirect()
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var redirected = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https", redirected.Headers.Location?.Scheme);

        // HSTS is never sent to localhost (ASP.NET Core's default exclusion), so ask by a real name.
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://kund.example.com"), AllowAutoRedirect = false });
        using var response = await https.GetAsync("/healthz");
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains(FakeIdentityProvider.Issuer, string.Join(" ", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    /// <summary>Kund in Aws mode with the fake provider on the OIDC back channel.</summary>
    public sealed class OidcApp : KundAppFactory
    {
        public OidcApp()
        {
            Settings["Kund:Mode"] = "Aws";
            Settings["Kund:Auth:Authority"] = FakeIdentityProvider.Issuer;
            Settings["Kund:Auth:ClientId"] = FakeIdentityProvider.ClientId;
            Settings["Kund:Auth:ClientSecret"] = FakeIdentityProvider.ClientSecret;
            // Behind TestServer there is no https endpoint to discover; a deployment names its port the same way.
            Settings["https_port"] = "443";
        }

        public FakeIdentityProvider Idp { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.Configure<OpenIdConnectOptions>(KundSchemes.Oidc, oidc => oidc.BackchannelHttpHandler = Idp));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Idp.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
