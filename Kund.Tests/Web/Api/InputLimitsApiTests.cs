using System.Net;
using System.Text.Json.Nodes;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary>Times become UTC at the edge; texts are refused by path when AWS or their column would refuse them later.</summary>
public class InputLimitsApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Create_ExpiresAtWithOffset_StoredAsTheSameInstantInUtc()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var tokyo = TimeSpan.FromHours(9);
        var local = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(30).Date, TimeSpan.Zero).ToOffset(tokyo).AddHours(18);
        var spec = ApiClient.SpecNode("offset-expiry");
        spec["expiresAt"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        var created = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()), 201);

        var expiresAt = DateTimeOffset.Parse((string)created["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(local.UtcDateTime, expiresAt.UtcDateTime);
        var stored = await alice.GetObjectAsync($"/api/environments/{created["id"]}");
        var storedExpiry = DateTimeOffset.Parse((string)stored["spec"]!["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((local.UtcDateTime, TimeSpan.Zero), (storedExpiry.UtcDateTime, storedExpiry.Offset));
    }

    [Fact]
    public async Task AuditFilter_FromWithOffset_SameAsUtc()
    {
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);

        var utc = await dave.GetObjectAsync("/api/audit?from=2026-11-25T00:00:00Z&limit=200");
        var offset = await dave.GetObjectAsync("/api/audit?from=2026-11-25T09:00:00%2B09:00&limit=200");

        Assert.Equal(utc["items"]!.ToJsonString(), offset["items"]!.ToJsonString());
    }

    [Theory]
    [InlineData("subnet-name", "subnets[0].name")]
    [InlineData("team", "team")]
    [InlineData("role-arn", "clusterRole.existingArn")]
    public async Task Validate_TextLongerThanAwsOrItsColumn_ErrorByPath(string field, string path)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = ApiClient.SpecNode("long-texts");
        switch (field)
        {
            case "subnet-name":
                var name = new string('s', 200);
                spec["subnets"]![0]!["name"] = name;
                break;
            case "team":
                spec["team"] = new string('t', 65);
                break;
            default:
                spec["clusterRole"] = new JsonObject { ["create"] = false, ["existingArn"] = "arn:aws:iam::123456789012:role/" + new string('r', 3000) };
                break;
        }

        var check = await alice.PostAsync("/api/environments/validate", ApiClient.Json(spec.ToJsonString()), 200);

        Assert.False((bool)check["valid"]!);
        Assert.NotEmpty(check["errors"]![path]!.AsArray());
        using var created = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()));
        Assert.True(created.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)created.StatusCode}");
    }

    [Fact]
    public async Task Post_SeveralErrors_DetailSeparatesThem()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = ApiClient.SpecNode("Bad Name");
        spec["vpc"]!["cidr"] = "8.8.0.0/16";

        using var response = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        var detail = (string)problem["detail"]!;
        var errors = problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => (Path: e.Key, Message: (string)m!))).ToList();
        Assert.True(errors.Count >= 2, detail);
        foreach (var (path, message) in errors.Take(5))
        {
            Assert.Contains($"{path}: {message.TrimEnd('.')}.", detail, StringComparison.Ordinal);
        }
    }
}
