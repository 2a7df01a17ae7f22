using System.Net;
using System.Reflection;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>One API surface: every <c>/api</c> route in one group with one error mapping, and types where a newcomer looks.</summary>
public class ApiSurfaceTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Theory]
    [InlineData("/api/me?x=%00")]
    [InlineData("/api/tokens?x=%00")]
    [InlineData("/api/environments?x=%00")]
    public async Task AnyApiRoute_SameQueryRules(string path)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadObjectAsync())["errors"]!["x"]!.AsArray());
    }

    [Theory]
    [InlineData("SecurityHeaders", "Kund.Web.Hosting")]
    [InlineData("LoopbackGuard", "Kund.Web.Hosting")]
    [InlineData("TokenCommand", "Kund.Web.Commands")]
    [InlineData("TokenEndpoints", "Kund.Web.Api")]
    public void Type_LivesWhereANewcomerLooks(string name, string expectedNamespace)
    {
        var type = Assert.Single(Web.GetTypes(), t => t.Name == name);

        Assert.Equal(expectedNamespace, type.Namespace);
    }

    [Fact]
    public void ApiProblems_HasNoDeadMalformedBody()
    {
        var problems = Assert.Single(Web.GetTypes(), t => t.Name == "ApiProblems");

        Assert.Null(problems.GetMethod("MalformedBody", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic));
    }

    [Theory]
    [InlineData("ProgressMessage", "Kund.Web/Api/ProgressMessage.cs")]
    [InlineData("CurrentUser", "Kund.Web/Identity/CurrentUser.cs")]
    public void PublicType_HasItsOwnFile(string name, string file)
    {
        var path = Path.Combine(RepositoryRoot(), file);

        Assert.True(File.Exists(path), $"{file} is missing");
        Assert.Contains($" {name}(", File.ReadAllText(path), StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kund.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Kund.sln not found above " + AppContext.BaseDirectory);
    }
}
