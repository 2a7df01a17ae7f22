using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Hubs;

namespace Kund.Tests.Web.Identity;

/// <summary>Signing out rotates the user's security stamp: the session cookie, and any copy of it, stops working on pages and on the hub.</summary>
public class SignOutStampTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task SignOut_CopiedCookie_RedirectedOnPagesAnd401OnHub()
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Carol);
        var copied = session.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, await ProfileStatusAsync(copied));
        Assert.Equal(HttpStatusCode.OK, await HubSession.NegotiateAsync(app, copied, session.OwnOrigin));
        await using var open = HubSession.Connection(app, copied, session.OwnOrigin);
        var closed = HubSession.ClosedAsync(open);
        await open.StartAsync();

        await SignOutAsync(session.Client);

        using var client = CookieClient(copied);
        using var page = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await HubSession.NegotiateAsync(app, copied, session.OwnOrigin));
        await closed.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SignOut_OtherUsersSessionUntouched_AndSigningInAgainWorks()
    {
        using var alice = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        using var bob = await HubSession.SignInAsync(app, IdentityTestSupport.Bob);

        await SignOutAsync(alice.Client);

        Assert.Equal(HttpStatusCode.OK, await ProfileStatusAsync(bob.CookieHeader));
        using var again = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        Assert.Equal(HttpStatusCode.OK, await ProfileStatusAsync(again.CookieHeader));
    }

    private static async Task SignOutAsync(HttpClient client)
    {
        var token = IdentityTestSupport.AntiforgeryToken(await client.GetStringAsync("/account/sign-in"));
        using var response = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<HttpStatusCode> ProfileStatusAsync(string cookieHeader)
    {
        using var client = CookieClient(cookieHeader);
        using var response = await client.GetAsync("/account/profile");
        return response.StatusCode;
    }

    private HttpClient CookieClient(string cookieHeader)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }
}
