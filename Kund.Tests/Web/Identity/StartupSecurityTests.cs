using Kund.Tests.Support;
using Kund.Infrastructure.Identity;
using Kund.Web.Hosting;
using Kund.Web.Identity;
using System.Security.Claims;

namespace Kund.Tests.Web.Identity;

/// <summary>Settings that would make Kund unsafe stop it at start with one line naming them.</summary>
public class StartupSecurityTests
{
    [Theory]
    [InlineData("", "client", "secret", "Kund:Auth:Authority is not set")]
    [InlineData("http://login.example.com", "client", "secret", "Kund:Auth:Authority is 'http://login.example.com'; expected an absolute https://")]
    [InlineData("https://login.example.com", "", "secret", "Kund:Auth:ClientId is not set")]
    [InlineData("https://login.example.com", "client", "", "Kund:Auth:ClientSecret is not set")]
    public async Task Start_AwsModeWithoutOidcSetting_OneLineNamingIt(string authority, string clientId, string secret, string expected)
    {
        var (exitCode, _, stderr) = await KundProcess.RunAsync([], new()
        {
            ["Kund__Mode"] = "Aws",
            ["Kund__Auth__Authority"] = authority,
            ["Kund__Auth__ClientId"] = clientId,
            ["Kund__Auth__ClientSecret"] = secret,
            ["ConnectionStrings__Kund"] = "Host=127.0.0.1;Port=1;Database=none",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS", "http://0.0.0.0:0")]
    [InlineData("ASPNETCORE_URLS", "http://localhost:0;http://*:0")]
    [InlineData("Kestrel__Endpoints__Web__Url", "http://192.168.1.10:0")]
    public async Task Start_SandboxBeyondLoopback_RefusesWithOneLine(string variable, string value)
    {
        var environment = new Dictionary<string, string>
        {
            ["Kund__Mode"] = "Sandbox",
            ["ConnectionStrings__Kund"] = "Host=127.0.0.1;Port=1;Database=none",
            [variable] = value,
        };

        var (exitCode, _, stderr) = await KundProcess.RunAsync([], environment);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("beyond loopback", line, StringComparison.Ordinal);
        Assert.Contains("Kund:Sandbox:AllowRemote=true", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("https://[::1]:5001", true)]
    [InlineData("http://0.0.0.0:80", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://kund.example.com", false)]
    [InlineData("http://localhost.evil.com:80", false)]
    public void IsLoopback_Url_Classified(string url, bool expected) =>
        Assert.Equal(expected, LoopbackGuard.IsLoopback(url));

    [Fact]
    public void OidcProfile_GroupsClaim_TeamsAndRolesByPrefix()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("email", "Eve@Example.com"), new Claim("name", "Eve"),
            new Claim("groups", "kund-team-payments"), new Claim("groups", "kund-role-approver"),
            new Claim("groups", "kund-role-root"), new Claim("groups", "unrelated"),
        ], "oidc"));

        var profile = OidcProfileMapper.Map(principal, new AuthSettings())!;

        Assert.Equal(["payments"], profile.Teams);
        Assert.Equal([KundRoles.Approver], profile.Roles);
    }

    [Fact]
    public void OidcProfile_TeamWithoutRole_Requester_AndNoEmailIsRefused()
    {
        var member = new ClaimsPrincipal(new ClaimsIdentity([new Claim("email", "f@example.com"), new Claim("groups", "kund-team-a")], "oidc"));
        var nameless = new ClaimsPrincipal(new ClaimsIdentity([new Claim("groups", "kund-team-a")], "oidc"));

        Assert.Equal([KundRoles.Requester], OidcProfileMapper.Map(member, new AuthSettings())!.Roles);
        Assert.Null(OidcProfileMapper.Map(nameless, new AuthSettings()));
    }

    [Theory]
    [InlineData("/account/profile", "/account/profile")]
    [InlineData("//evil.example.com", "/")]
    [InlineData("/\\evil.example.com", "/")]
    [InlineData("https://evil.example.com/", "/")]
    [InlineData(null, "/")]
    public void LocalOrHome_ReturnUrl_OnlyLocalPaths(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalOrHome(returnUrl));
}
