using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Domain;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Bearer clients for the demo users and the JSON the API speaks.</summary>
internal static class ApiClient
{
    public static async Task<HttpClient> ClientForAsync(this KundAppFactory app, string email) =>
        app.CreateBearerClient((await app.CreateTokenAsync(email)).Token);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Spec(EnvironmentSpec spec) => Json(JsonSerializer.Serialize(spec, KundJson.Options));

    public static JsonObject SpecNode(string name) => JsonNode.Parse(JsonSerializer.Serialize(SeedSpecs.Payments(name), KundJson.Options))!.AsObject();

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonObject> PostAsync(this HttpClient client, string path, HttpContent? body, int expectedStatus)
    {
        using var response = await client.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls the environment (real time, bounded) until it has one of <paramref name="statuses"/>.</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, Guid id, params string[] statuses)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var view = await client.GetObjectAsync($"/api/environments/{id}");
            if (statuses.Contains((string)view["status"]!))
            {
                return view;
            }

            Assert.False(patience.IsCancellationRequested, $"still {view["status"]}: {view}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
