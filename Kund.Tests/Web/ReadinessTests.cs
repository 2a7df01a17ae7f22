using System.Net;
using Kund.Tests.Support;

namespace Kund.Tests.Web;

/// <summary>/readyz must say no when the database is gone, not only yes when it is there.</summary>
public class ReadinessTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Readyz_DatabaseDropped_Returns503()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        await app.Database.DisposeAsync();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        // It says why (issue 11.3): the database check, unhealthy, with the cause.
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var database = body.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("The database does not answer", database.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
