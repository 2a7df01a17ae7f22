using System.Net;
using System.Text.Json.Nodes;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>The environments API of api.md from create to destroy, and its answers to bad requests.</summary>
public class EnvironmentApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Lifecycle_CreatePlanSubmitApproveDestroy_ReadyThenDestroyedWithNothingLeft()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);

        using var created = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("api-e2e")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.ReadObjectAsync();
        var id = Guid.Parse((string)draft["id"]!);
        Assert.EndsWith($"/api/environments/{id}", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Draft", (string)draft["status"]!);

        var plan = await alice.GetObjectAsync($"/api/environments/{id}/plan");
        Assert.EndsWith("Plan: 23 to add, 0 to change, 0 to destroy.", ((string)plan["text"]!).TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(23, (int)plan["summary"]!["add"]!);

        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        var approved = await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{"comment":"ship it"}"""), 200);
        Assert.Equal("carol@kund.dev", (string)approved["approvedBy"]!);

        var ready = await alice.WaitForStatusAsync(id, "Ready", "Failed");
        Assert.Equal("Ready", (string)ready["status"]!);
        var outputs = ready["outputs"]!;
        Assert.StartsWith("vpc-", (string)outputs["vpcId"]!, StringComparison.Ordinal);
        Assert.Equal(4, outputs["subnetIds"]!.AsObject().Count);
        Assert.StartsWith("arn:aws:iam::", (string)outputs["roleArn"]!, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:eks:", (string)outputs["clusterArn"]!, StringComparison.Ordinal);
        Assert.StartsWith("https://", (string)outputs["clusterEndpoint"]!, StringComparison.Ordinal);
        Assert.All(ready["resources"]!.AsArray(), r => Assert.Equal("Created", (string)r!["state"]!));

        var events = (await alice.GetObjectAsync($"/api/environments/{id}/events"))["items"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => (long)e!["seq"]!));
        Assert.Contains(events, e => (string?)e!["status"] == "Ready");
        var later = (await alice.GetObjectAsync($"/api/environments/{id}/events?after={events.Count - 2}"))["items"]!.AsArray();
        Assert.Equal([events.Count - 1L, events.Count], later.Select(e => (long)e!["seq"]!));

        // The cluster is usable: two nodes, the four managed add-ons ACTIVE, the team let in as cluster admin.
        var eks = app.Services.GetRequiredService<AwsClients>().Eks("ap-northeast-2");
        var nodegroup = (await eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = "api-e2e", NodegroupName = "general" })).Nodegroup;
        Assert.Equal(("ACTIVE", 2), (nodegroup.Status, nodegroup.ScalingConfig!.DesiredSize));
        Assert.Equal(["m6i.large"], nodegroup.InstanceTypes);
        var sandbox = app.Services.GetRequiredService<SandboxCloud>().Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString()).ToList();
        Assert.Equal(
            ["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"],
            sandbox.Where(i => i.Kind == ResourceKind.EksAddon).Select(i => i.State));
        Assert.Equal(
            ["api-e2e/coredns", "api-e2e/eks-pod-identity-agent", "api-e2e/kube-proxy", "api-e2e/vpc-cni"],
            sandbox.Where(i => i.Kind == ResourceKind.EksAddon).Select(i => i.Id).Order(StringComparer.Ordinal));
        var policies = await eks.ListAllAssociatedAccessPoliciesAsync("api-e2e", "arn:aws:iam::111111111111:role/team-a-developers");
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", Assert.Single(policies).PolicyArn);

        var inventory = (await alice.GetObjectAsync("/api/resources"))["items"]!.AsArray();
        Assert.Equal(23, inventory.Count(i => (string)i!["environmentId"]! == id.ToString()));

        await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
        var destroyed = await alice.WaitForStatusAsync(id, "Destroyed", "Failed");
        Assert.Equal("Destroyed", (string)destroyed["status"]!);

        var cloud = app.Services.GetRequiredService<SandboxCloud>();
        var left = cloud.Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == id.ToString()).ToList();
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        Assert.DoesNotContain(cloud.Inventory(), i => i.Id == "api-e2e" || i.Id.StartsWith("api-e2e/", StringComparison.Ordinal) || i.Id == "api-e2e-eks-node");
        Assert.DoesNotContain(cloud.Inventory(), i => i.Kind == ResourceKind.ElasticIp);
        inventory = (await alice.GetObjectAsync("/api/resources"))["items"]!.AsArray();
        Assert.DoesNotContain(inventory, i => (string)i!["environmentId"]! == id.ToString());
    }

    [Fact]
    public async Task Submit_Twice_ConflictNamingBothStatuses()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = (string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("api-twice")), 201))["id"]!;
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);

        using var response = await alice.PostAsync($"/api/environments/{id}/submit", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadObjectAsync();
        Assert.Equal(409, (int)problem["status"]!);
        Assert.Equal("PendingApproval", (string)problem["currentStatus"]!);
        Assert.Equal(["Draft"], problem["allowedFrom"]!.AsArray().Select(s => (string)s!));
        Assert.Contains("PendingApproval", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Draft", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_Draft_ConflictNamingBothStatuses()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var id = (string)(await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("api-destroy-draft")), 201))["id"]!;

        var problem = await alice.PostAsync($"/api/environments/{id}/destroy", null, 409);

        Assert.Contains("Draft", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Ready", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadSpec_EveryErrorByPathAndNothingStored()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var spec = ApiClient.SpecNode("api-bad");
        spec["subnets"]![1]!["cidr"] = "10.4.0.0/20";
        spec["cluster"]!["subnets"] = new JsonArray("private-a", "nowhere");

        using var response = await alice.PostAsync("/api/environments", ApiClient.Json(spec.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Contains("subnets[1].cidr", errors.Select(e => e.Key));
        Assert.Contains(errors, e => e.Key.StartsWith("cluster.subnets", StringComparison.Ordinal));
        var list = (await alice.GetObjectAsync("/api/environments?limit=200"))["items"]!.AsArray();
        Assert.DoesNotContain(list, e => (string)e!["name"]! == "api-bad");
    }

    [Theory]
    [InlineData("""{"name": "x", "purpose": "foo"}""", "purpose")]
    [InlineData("""{"name": "x", "subnets": [{"name": "a", "tier": "middle"}]}""", "subnets[0].tier")]
    [InlineData("""{"name": "x", "vpc": {"cidr": 10}}""", "vpc.cidr")]
    [InlineData("""{"name": "x", "expiresAt": "tomorrow"}""", "expiresAt")]
    [InlineData("""{"name": "x", "routing": {"natGateways": 7}}""", "routing.natGateways")]
    [InlineData("""{"name": "x", "purpose": 2}""", "purpose")]
    [InlineData("""{"name": "x", "vpc": {"tenancy": "1"}}""", "vpc.tenancy")]
    [InlineData("""{"name": "a\u0000b"}""", "name")]
    [InlineData("""{"name": "x", "tags": {"k\u0000": "v"}}""", "tags")]
    [InlineData("""{"name": "x", "subnets": [{"name": "a"}, {"name": "\u0000"}]}""", "subnets[1].name")]
    public async Task Create_WrongValue_BadRequestNamingTheField(string body, string field)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var problem = await alice.PostAsync("/api/environments", ApiClient.Json(body), 400);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Create_MalformedJson_BadRequest()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var problem = await alice.PostAsync("/api/environments", ApiClient.Json("""{"name": "x", "vpc": {"cidr": """), 400);

        Assert.NotEmpty(problem["errors"]!.AsObject());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/plan")]
    [InlineData("GET", "/events")]
    [InlineData("POST", "/submit")]
    [InlineData("POST", "/destroy")]
    public async Task UnknownId_NotFoundProblem(string method, string suffix)
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/environments/{Guid.NewGuid()}{suffix}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
