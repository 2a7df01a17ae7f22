using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Whatever a client sends, the API answers with a 4xx problem, never a 500.</summary>
public class ApiFuzzTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly string[] Routes = ["/api/environments/validate", "/api/environments"];

    /// <summary>Values that are right somewhere in a spec, so mutations also reach the deeper rules.</summary>
    private static readonly string[] Plausible = ["10.3.0.0/16", "10.3.0.0/33", "10.3.64.0/20", "ap-northeast-2z", "prod", "perAz", "none", "dedicated", "1.34", "private-b", "public", ""];

    private static readonly Dictionary<string, string> Hostile = BuildHostileBodies();

    public static TheoryData<string> HostileBodies() => [.. Hostile.Keys];

    private static Dictionary<string, string> BuildHostileBodies()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string label, Func<JsonObject, JsonNode?> mutate)
        {
            var spec = ApiClient.SpecNode($"fz-{label}");
            var result = mutate(spec) ?? spec;
            data.Add(label, result.ToJsonString());
        }

        Add("huge-subnets", s => { s["subnets"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode)new JsonObject { ["name"] = $"s{i}", ["cidr"] = "10.3.0.0/28", ["tier"] = "public" })]); return null; });
        Add("huge-cidrs", s => { s["cluster"]!["publicAccessCidrs"] = new JsonArray([.. Enumerable.Range(0, 50000).Select(_ => (JsonNode)"0.0.0.0/0")]); return null; });
        Add("huge-tags", s => { s["tags"] = new JsonObject(Enumerable.Range(0, 20000).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))); return null; });
        Add("control-chars", s => { s["name"] = "a\u0000b\u0007c\u001f"; s["tags"] = new JsonObject { ["\u0000"] = "\u0001" }; return null; });
        Add("long-name", s => { s["name"] = new string('x', 200_000); s["cluster"]!["name"] = new string('y', 100_000); return null; });
        Add("long-tag-value", s => { s["tags"] = new JsonObject { ["k"] = new string('€', 100_000) }; return null; });
        Add("subnets-string", s => { s["subnets"] = "public-a"; return null; });
        Add("vpc-number", s => { s["vpc"] = 5; return null; });
        Add("routing-array", s => { s["routing"] = new JsonArray(); return null; });
        Add("tag-number", s => { s["tags"] = new JsonObject { ["k"] = 5 }; return null; });
        Add("null-subnet", s => { s["subnets"] = new JsonArray(null, null); return null; });
        Add("null-cluster-subnet", s => { s["cluster"]!["subnets"] = new JsonArray(null, "private-a"); return null; });
        Add("null-logging", s => { s["cluster"]!["logging"] = new JsonArray(null, "api"); return null; });
        Add("null-cidrs", s => { s["cluster"]!["publicAccessCidrs"] = new JsonArray(null, ""); return null; });
        Add("far-future", s => { s["expiresAt"] = "9999-12-31T23:59:59Z"; return null; });
        Add("year-one", s => { s["expiresAt"] = "0001-01-01T00:00:00+14:00"; return null; });
        Add("bad-cidrs", s => { s["vpc"]!["cidr"] = "300.1.1.1/99"; s["subnets"]![0]!["cidr"] = "::/0"; s["subnets"]![1]!["cidr"] = "10.3.0.0/-1"; return null; });
        Add("tiny-vpc", s => { s["vpc"]!["cidr"] = "10.3.0.0/32"; s["subnets"] = new JsonArray(); return null; });
        Add("huge-vpc", s => { s["vpc"]!["cidr"] = "0.0.0.0/0"; s["subnets"] = null; return null; });
        Add("empty-region", s => { s["region"] = ""; return null; });
        Add("unknown-region", s => { s["region"] = "mars-north-1"; s["subnets"] = null; return null; });
        Add("bad-version", s => { s["cluster"]!["kubernetesVersion"] = "99999999999999999999.1"; return null; });
        Add("role-both", s => { s["clusterRole"] = new JsonObject { ["create"] = true, ["existingArn"] = "arn:" + new string(':', 5000) }; return null; });
        Add("number-overflow", s => { s["vpc"]!["enableDnsSupport"] = 1e300; s["tags"] = new JsonObject { ["n"] = long.MaxValue }; return null; });
        Add("purpose-number", s => { s["purpose"] = 2; return null; });
        Add("nat-number", s => { s["routing"]!["natGateways"] = 7; return null; });
        Add("tier-empty", s => { s["subnets"]![0]!["tier"] = ""; return null; });
        Add("duplicate-names", s => { foreach (var subnet in s["subnets"]!.AsArray()) { subnet!["name"] = "same"; } return null; });
        data.Add("deep-nesting", string.Concat(Enumerable.Repeat("{\"tags\":", 400)) + "1" + new string('}', 400));
        data.Add("deep-arrays", "{\"subnets\":" + new string('[', 5000) + new string(']', 5000) + "}");
        Add("array-body", _ => new JsonArray(1, 2, 3));
        Add("string-body", _ => JsonValue.Create("spec"));
        Add("null-body", _ => JsonValue.Create<string?>(null) ?? JsonNode.Parse("null") ?? new JsonObject());
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Post_HostileSpec_NeverServerError(string label)
    {
        var body = Hostile[label];
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        foreach (var route in Routes)
        {
            using var response = await alice.PostAsync(route, ApiClient.Json(body == "" ? "null" : body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{label} → {route}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 2000)]}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{\"name\": \"x\",}")]
    [InlineData("\u0000")]
    [InlineData("{\"name\": \"\\ud800\"}")]
    [InlineData("{\"name\": \"x\"} trailing")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public async Task Post_UnreadableBody_BadRequestProblem(string body)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        foreach (var route in Routes)
        {
            using var response = await alice.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Validate_RandomlyMutatedSpecs_NeverServerError()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var paths = Paths(ApiClient.SpecNode("fz-random")).ToArray();
        var values = Gen.OneOf<JsonNode?>(
            Gen.Bool.Select(_ => (JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)b),
            Gen.Long.Select(l => (JsonNode?)l),
            Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0),
            Gen.String.Select(s => (JsonNode?)s),
            Gen.Char.Array[0, 50].Select(c => (JsonNode?)new string(c)),
            Gen.Bool.Select(b => b ? (JsonNode?)new JsonArray() : new JsonObject()),
            Gen.Int[0, Plausible.Length - 1].Select(i => (JsonNode?)Plausible[i]));
        var mutation = Gen.Select(Gen.Int[0, paths.Length - 1].Array[1, 4], values.Array[4]);

        await mutation.SampleAsync(
            async m =>
            {
                var spec = ApiClient.SpecNode("fz-random");
                for (var i = 0; i < m.Item1.Length; i++)
                {
                    Set(spec, paths[m.Item1[i]], m.Item2[i]?.DeepClone());
                }

                using var response = await alice.PostAsync("/api/environments/validate", ApiClient.Json(spec.ToJsonString()));
                Assert.True((int)response.StatusCode is 200 or 400, $"{(int)response.StatusCode} for {spec.ToJsonString()}: {await response.Content.ReadAsStringAsync()}");
            },
            iter: 300,
            threads: 2);
    }

    /// <summary>Every value's path in the seed spec: property names and array indexes.</summary>
    private static IEnumerable<object[]> Paths(JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    object[] path = [.. prefix, key];
                    yield return path;
                    if (child is not null)
                    {
                        foreach (var p in Paths(child, path))
                        {
                            yield return p;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    if (a[i] is { } child)
                    {
                        foreach (var p in Paths(child, path))
                        {
                            yield return p;
                        }
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = root;
        foreach (var step in path[..^1])
        {
            parent = step is string key ? parent is JsonObject o ? o[key] : null : parent is JsonArray a && (int)step < a.Count ? a[(int)step] : null;
            if (parent is null)
            {
                return;
            }
        }

        switch (path[^1], parent)
        {
            case (string key, JsonObject o):
                o[key] = value;
                break;
            case (int index, JsonArray a) when index < a.Count:
                a[index] = value;
                break;
        }
    }
}
