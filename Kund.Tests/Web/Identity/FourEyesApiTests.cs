using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kund.Domain;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>The requester can never approve their own request, whatever roles they hold.</summary>
public class FourEyesApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Erin = "erin@kund.dev";

    [Fact]
    public async Task Approve_ApproverWhoIsTheRequester_403AndStillPending()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            _ = app.Server;
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().UpsertAsync(
                new UserProfile(Erin, "Erin", ["team-a"], [KundRoles.Requester, KundRoles.Approver]), CancellationToken.None);
        }

        using var erin = app.CreateBearerClient((await app.CreateTokenAsync(Erin)).Token);
        var spec = JsonSerializer.Serialize(SeedSpecs.Payments("erins-own"), KundJson.Options);
        using var created = await erin.PostAsync("/api/environments", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await erin.PostAsync($"/api/environments/{id}/submit", null)).StatusCode);

        using var approve = await erin.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal("application/problem+json", approve.Content.Headers.ContentType?.MediaType);
        Assert.Contains("erin@kund.dev", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var view = await erin.GetFromJsonAsync<JsonElement>($"/api/environments/{id}");
        Assert.Equal("PendingApproval", view.GetProperty("status").GetString());
        Assert.DoesNotContain("approve", view.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Approve_ApproverWhoReplacedSomeoneElsesDraftAndSubmittedIt_403AndStillPending()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            _ = app.Server;
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().UpsertAsync(
                new UserProfile(Erin, "Erin", ["team-a"], [KundRoles.Requester, KundRoles.Approver]), CancellationToken.None);
        }

        using var alice = app.CreateBearerClient((await app.CreateTokenAsync(IdentityTestSupport.Alice)).Token);
        using var erin = app.CreateBearerClient((await app.CreateTokenAsync(Erin)).Token);
        using var created = await alice.PostAsync("/api/environments", Json(SeedSpecs.Payments("alices-draft")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var replacement = SeedSpecs.Payments("alices-draft") with { Tags = new Dictionary<string, string> { ["cost-center"] = "9999" } };
        Assert.Equal(HttpStatusCode.OK, (await erin.PutAsync($"/api/environments/{id}", Json(replacement))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erin.PostAsync($"/api/environments/{id}/submit", null)).StatusCode);

        using var approve = await erin.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "looks fine to me" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Contains("erin@kund.dev", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var view = await erin.GetFromJsonAsync<JsonElement>($"/api/environments/{id}");
        Assert.Equal("PendingApproval", view.GetProperty("status").GetString());
        Assert.DoesNotContain("approve", view.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
    }

    private static StringContent Json(Kund.Domain.Specs.EnvironmentSpec spec) =>
        new(JsonSerializer.Serialize(spec, KundJson.Options), System.Text.Encoding.UTF8, "application/json");
}
