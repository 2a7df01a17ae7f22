using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>API answers are never cached; the rate limit is per token as the README says.</summary>
public class ApiProtectionTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/environments")]
    [InlineData("/api/audit")]
    [InlineData("/api/environments?status=Nope")]
    [InlineData("/api/environments/00000000-0000-0000-0000-000000000001")]
    public async Task Api_AnyAnswer_NoStore(string path)
    {
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);

        using var response = await dave.GetAsync(path);

        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
    }
}

/// <summary>Kund on a real Kestrel port: what the server itself adds to every answer.</summary>
public class KestrelHeaderTests(KestrelHeaderTests.KestrelApp app) : IClassFixture<KestrelHeaderTests.KestrelApp>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/api/me")]
    [InlineData("/account/sign-in")]
    public async Task Response_AnyPath_NoServerHeader(string path)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        using var response = await client.GetAsync(path);

        Assert.False(response.Headers.Contains("Server"), $"{path}: Server {string.Join(",", response.Headers.TryGetValues("Server", out var v) ? v : [])}");
    }

    public sealed class KestrelApp : KundAppFactory
    {
        public Uri BaseAddress { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }
}

/// <summary>The allowance belongs to each token: one busy token of a person leaves their other tokens alone.</summary>
public class PerTokenRateLimitTests(PerTokenRateLimitTests.TinyAllowanceApp app) : IClassFixture<PerTokenRateLimitTests.TinyAllowanceApp>
{
    [Fact]
    public async Task Api_OneTokenOverAllowance_SamePersonsOtherTokenServed()
    {
        using var busy = app.CreateBearerClient((await app.CreateTokenAsync(IdentityTestSupport.Alice, name: "ci-busy")).Token);
        using var other = app.CreateBearerClient((await app.CreateTokenAsync(IdentityTestSupport.Alice, name: "ci-other")).Token);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/me")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await busy.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me")).StatusCode);
    }

    /// <summary>Three API calls a minute.</summary>
    public sealed class TinyAllowanceApp : KundAppFactory
    {
        public TinyAllowanceApp() => Settings["Kund:Api:RequestsPerMinute"] = "3";
    }
}
