using System.Net;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Requests that race each other: one wins, the others get a 4xx that says why, never a 500.</summary>
public class ConcurrentRequestsApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Create_SameNameEightTimesAtOnce_OneCreatedOthersRefused()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var statuses = await AtOnceAsync(8, () => alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("same-name"))));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        var list = (await alice.GetObjectAsync("/api/environments?limit=200"))["items"]!.AsArray();
        Assert.Single(list, e => (string)e!["name"]! == "same-name");
    }

    [Fact]
    public async Task Approve_SixTimesAtOnce_OneApprovedOthersConflictAndOneJob()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var id = Guid.Parse((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("approved-at-once")), 201))["id"]!);
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);

        var statuses = await AtOnceAsync(6, () => carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{"comment":"race"}""")));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Single(await app.JobsOfAsync(id));
    }

    [Fact]
    public async Task Submit_SixTimesAtOnce_OneSubmittedOthersConflict()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = (string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("submitted-at-once")), 201))["id"]!;

        var statuses = await AtOnceAsync(6, () => alice.PostAsync($"/api/environments/{id}/submit", null));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
    }

    private static async Task<HttpStatusCode[]> AtOnceAsync(int count, Func<Task<HttpResponseMessage>> send)
    {
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await send();
            return response.StatusCode;
        })).ToList();
        start.Set();
        return await Task.WhenAll(calls);
    }
}
