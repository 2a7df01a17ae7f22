using System.Net;
using System.Net.Http.Json;
using Kund.Tests.Support;

namespace Kund.Tests.Web.Identity;

/// <summary><c>Kund.Web.dll token create</c> against a fresh database: migrates, seeds, prints the token alone.</summary>
public class TokenCommandTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task TokenCreate_SandboxUser_PrintsOneWorkingToken()
    {
        var (exitCode, stdout, stderr) = await KundProcess.RunAsync(
            ["token", "create", "--user", "alice@kund.dev", "--name", "ci", "--expires-in-days", "30"], Environment());

        Assert.True(exitCode == 0, stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^kund_pat_[A-Za-z0-9_-]{43}$", line);

        using var client = app.CreateBearerClient(line);
        using var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice@kund.dev", (await response.Content.ReadFromJsonAsync<Me>())!.Email);
    }

    [Fact]
    public async Task TokenCreate_UnknownUser_StderrLineAndNonZero()
    {
        var (exitCode, stdout, stderr) = await KundProcess.RunAsync(["token", "create", "--user", "nobody@kund.dev"], Environment());

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("no user 'nobody@kund.dev'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("token", "create")]
    [InlineData("token", "create", "--user", "alice@kund.dev", "--expires-in-days", "soon")]
    [InlineData("token", "delete", "--user", "alice@kund.dev")]
    public async Task TokenCreate_BadArguments_UsageOnStderrAndNonZero(params string[] args)
    {
        var (exitCode, stdout, stderr) = await KundProcess.RunAsync(args, Environment());

        Assert.Equal(64, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("usage: token create", stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Kund"] = app.Database.ConnectionString,
        ["Kund__Mode"] = "Sandbox",
    };

    private sealed record Me(string Email);
}
