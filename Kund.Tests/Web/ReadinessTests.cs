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
    }
}
