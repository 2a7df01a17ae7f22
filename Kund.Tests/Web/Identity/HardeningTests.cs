using System.Net;
using System.Text;
using Kund.Tests.Support;
using static Kund.Tests.Web.Identity.IdentityTestSupport;

namespace Kund.Tests.Web.Identity;

/// <summary>Security headers everywhere, body limits and never a 500 for what a client sends.</summary>
public class HardeningTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/")]
    [InlineData("/api/me")]
    [InlineData("/healthz")]
    [InlineData("/app.css")]
    [InlineData("/no-such-page")]
    public async Task Response_AnyPath_CarriesSecurityHeaders(string path)
    {
        using var client = app.CreateBearerClient(null);

        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Api_BodyOverLimit_413()
    {
        var token = (await app.CreateTokenAsync(Alice)).Token;
        using var client = app.CreateBearerClient(token);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tokens/{Guid.NewGuid()}")
        {
            Content = new ByteArrayContent(new byte[(256 * 1024) + 1]),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Api_HostileQueriesRoutesAndBodies_Never500()
    {
        var token = (await app.CreateTokenAsync(Admin)).Token;
        using var client = app.CreateBearerClient(token);
        var random = new Random(20261125);
        var junk = new List<string>
        {
            new('a', 20_000), "%", "%zz", "%00", "\u0001\u0002\u0003", "'; drop table users; --", "<script>", "../../etc/passwd",
            "\ud800", "🙂", string.Concat(Enumerable.Repeat("&x=1", 500)),
        };
        junk.AddRange(Enumerable.Range(0, 20).Select(_ => RandomText(random, random.Next(1, 400))));
        var bodies = new List<byte[]> { Array.Empty<byte>(), Encoding.UTF8.GetBytes("{"), Encoding.UTF8.GetBytes("null"), Encoding.UTF8.GetBytes("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]") };
        bodies.AddRange(Enumerable.Range(0, 10).Select(_ => RandomBytes(random, random.Next(1, 2000))));

        var failures = new List<string>();
        foreach (var row in AuthorizationTable.Endpoints.Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal)))
        {
            var method = row.Method == "*" ? HttpMethod.Get : new HttpMethod(row.Method);
            var basePath = row.Pattern.Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            foreach (var text in junk)
            {
                var escaped = Uri.EscapeDataString(text.Replace("\ud800", "x", StringComparison.Ordinal));
                foreach (var path in new[] { $"{basePath}?q={escaped}&{escaped}={escaped}", row.Pattern.Replace("{id:guid}", escaped, StringComparison.Ordinal) })
                {
                    using var response = await client.SendAsync(new HttpRequestMessage(method, path));
                    Check(row.Name, path, response.StatusCode, failures);
                }
            }

            foreach (var body in bodies)
            {
                foreach (var type in new[] { "application/json", "application/x-www-form-urlencoded", "text/plain" })
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.TryAddWithoutValidation("Content-Type", type);
                    using var response = await client.SendAsync(new HttpRequestMessage(method, basePath) { Content = content });
                    Check(row.Name, $"{basePath} ({type}, {body.Length} bytes)", response.StatusCode, failures);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    private static void Check(string row, string call, HttpStatusCode status, List<string> failures)
    {
        if ((int)status >= 500)
        {
            failures.Add($"{row}: {call[..Math.Min(call.Length, 200)]} answered {(int)status}");
        }
    }

    private static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(1, 0xD7FF)).ToArray());

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Rate limiting per token: a separate app with a tiny allowance.</summary>
public class RateLimitTests : IClassFixture<RateLimitTests.TinyAllowanceApp>
{
    private readonly TinyAllowanceApp app;

    public RateLimitTests(TinyAllowanceApp app) => this.app = app;

    [Fact]
    public async Task Api_OverAllowance_429WithRetryAfterForThatTokenOnly()
    {
        using var busy = app.CreateBearerClient((await app.CreateTokenAsync(Alice, name: "busy")).Token);
        using var quiet = app.CreateBearerClient((await app.CreateTokenAsync(Bob, name: "quiet")).Token);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/me")).StatusCode);
        }

        using var limited = await busy.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Three API calls a minute.</summary>
    public sealed class TinyAllowanceApp : KundAppFactory
    {
        public TinyAllowanceApp() => Settings["Kund:Api:RequestsPerMinute"] = "3";
    }
}
