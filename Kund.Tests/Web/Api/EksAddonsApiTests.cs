using System.Net;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary><c>GET /api/eks-addons</c>: what DescribeAddonVersions reports for a version, every page of it, and 400s naming the parameter.</summary>
public class EksAddonsApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Theory]
    [InlineData("1.34")]
    [InlineData("1.33")]
    public async Task List_OfferedVersion_EveryAddonWithItsCompatibleVersionsNewestFirst(string kubernetesVersion)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/eks-addons?region=ap-northeast-2&kubernetesVersion={kubernetesVersion}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var addons = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        // The sandbox answers two add-ons a page: all four means every page was read.
        var expected = SandboxAddonCatalog.Names
            .Select(n => (Name: n, Versions: SandboxAddonCatalog.Versions.Where(v => v.AddonName == n && v.ClusterVersions.Contains(kubernetesVersion)).Select(v => v.Version).ToList()))
            .Where(a => a.Versions.Count > 0)
            .ToList();
        Assert.Equal(expected.Select(a => a.Name), addons.Select(a => (string)a!["name"]!));
        foreach (var (name, versions) in expected)
        {
            var listed = addons.Single(a => (string)a!["name"]! == name)!["versions"]!.AsArray();
            Assert.Equal(versions, listed.Select(v => (string)v!["version"]!));
            var defaults = listed.Where(v => (bool)v!["defaultVersion"]!).Select(v => (string)v!["version"]!);
            Assert.Equal(SandboxAddonCatalog.DefaultFor(name, kubernetesVersion)?.Version is { } d ? [d] : [], defaults);
        }
    }

    [Theory]
    [InlineData("?kubernetesVersion=1.34", "region", "Name a region")]
    [InlineData("?region=mars-east-1&kubernetesVersion=1.34", "region", "'mars-east-1' is not a region")]
    [InlineData("?region=ap-northeast-2", "kubernetesVersion", "Name a Kubernetes version")]
    [InlineData("?region=ap-northeast-2&kubernetesVersion=1.99", "kubernetesVersion", "'1.99' is not a Kubernetes version EKS offers in ap-northeast-2")]
    public async Task List_BadParameter_400NamingItAndTheValue(string query, string parameter, string message)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync("/api/eks-addons" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync();
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([parameter], errors.Select(e => e.Key));
        Assert.Contains(message, (string)errors[parameter]![0]!, StringComparison.Ordinal);
    }
}
