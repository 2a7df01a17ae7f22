using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>
/// <c>POST …/drift/reconcile</c> and <c>POST …/drift/accept</c> on seed environments in the sandbox, with
/// the drift monitor running: each proposes a revision that goes through submit and approve like any change.
/// </summary>
public class DriftActionApiTests(FastDriftApp app) : IClassFixture<FastDriftApp>
{
    private const string Region = "ap-northeast-2";

    [Fact]
    public async Task Reconcile_RouteDeletedAndTagChanged_PlanUpdatesExactlyThoseNodesAndTheCloudIsPutBack()
    {
        var id = await ReadyAsync("drift-reconcile");
        var records = (await app.RecordsOfAsync(id)).ToDictionary(r => r.Key, r => r.CloudId!);
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        var table = records[ResourceKeys.PrivateRouteTable];
        var subnet = records["subnet/public-a"];
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = table, DestinationCidrBlock = "0.0.0.0/0" });
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [subnet], Tags = [new Tag("cost-center", "9999")] });
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var drift = await CheckAsync(alice, id);
        Assert.True((string)drift["status"]! == "Drifted", drift.ToJsonString());

        var proposed = await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 201);

        Assert.Equal(2, (int)proposed["number"]!);
        Assert.Equal("Draft", (string)proposed["status"]!);
        var plan = await alice.GetObjectAsync($"/api/environments/{id}/revisions/2/plan");
        var work = plan["actions"]!.AsArray().Where(a => (string)a!["action"]! != "noop").ToList();
        Assert.Equal(["rtb/private", "subnet/public-a"], work.Select(a => (string)a!["key"]!).Order(StringComparer.Ordinal));
        Assert.All(work, a => Assert.Equal("update", (string)a!["action"]!));
        var route = work.Single(a => (string)a!["key"]! == "rtb/private")!["changes"]!.AsArray().Single()!;
        Assert.Equal("routes[0.0.0.0/0]", (string)route["attribute"]!);
        Assert.Null(route["before"]);
        var tag = work.Single(a => (string)a!["key"]! == "subnet/public-a")!["changes"]!.AsArray().Single()!;
        Assert.Equal(("tags.cost-center", "\"9999\"", "\"1234\""), ((string)tag["attribute"]!, (string)tag["before"]!, (string)tag["after"]!));
        Assert.Equal((0, 2, 0), ((int)plan["summary"]!["add"]!, (int)plan["summary"]!["change"]!, (int)plan["summary"]!["destroy"]!));
        Assert.Contains("~ resource \"RouteTable\" \"rtb/private\"", (string)plan["text"]!, StringComparison.Ordinal);
        var audit = await carol.GetObjectAsync($"/api/audit?environmentId={id}&action=revision.proposed");
        var details = Assert.Single(audit["items"]!.AsArray())!["details"]!;
        Assert.Equal("reconcile", (string)details["drift"]!);
        Assert.Contains("rtb/private routes[0.0.0.0/0]", (string)details["attributes"]!, StringComparison.Ordinal);

        await ApplyAsync(alice, carol, id, 2);

        var routes = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [table] })).RouteTables.Single().Routes;
        Assert.Contains(routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId is not null);
        var tags = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnet] })).Subnets.Single().Tags;
        Assert.Equal("1234", tags.Single(t => t.Key == "cost-center").Value);
        var after = await CheckAsync(alice, id);
        Assert.True((string)after["status"]! == "InSync", after.ToJsonString());
    }

    [Fact]
    public async Task Reconcile_NatGatewayDeletedOutOfBand_PlanCreatesItAgainTheRouteFollowsAndNoStaleDriftAfterwards()
    {
        var id = await ReadyAsync("drift-missing");
        var records = await app.RecordsOfAsync(id);
        var natKey = records.Single(r => r.Kind == ResourceKind.NatGateway).Key;
        var oldNat = records.Single(r => r.Kind == ResourceKind.NatGateway).CloudId!;
        var table = records.Single(r => r.Key == ResourceKeys.PrivateRouteTable).CloudId!;
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        await ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = oldNat });
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var drift = await CheckAsync(alice, id);
        var item = Assert.Single(drift["items"]!.AsArray())!;
        Assert.Equal((natKey, "exists", $"present ({oldNat})"), ((string)item["key"]!, (string)item["attribute"]!, (string)item["expected"]!));
        Assert.Null(item["actual"]);
        Assert.Equal("Drifted", (string)(await alice.GetObjectAsync($"/api/environments/{id}"))["drift"]!);

        await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 201);

        var plan = await alice.GetObjectAsync($"/api/environments/{id}/revisions/2/plan");
        var work = plan["actions"]!.AsArray().Where(a => (string)a!["action"]! != "noop").ToDictionary(a => (string)a!["key"]!, a => (string)a!["action"]!);
        Assert.Equal(new Dictionary<string, string> { [natKey] = "create", [ResourceKeys.PrivateRouteTable] = "update" }, work);
        Assert.Equal((1, 1, 0), ((int)plan["summary"]!["add"]!, (int)plan["summary"]!["change"]!, (int)plan["summary"]!["destroy"]!));

        await ApplyAsync(alice, carol, id, 2);

        // The report that led to the reconcile no longer counts once the change is applied.
        Assert.NotEqual("Drifted", (string)(await alice.GetObjectAsync($"/api/environments/{id}"))["drift"]!);
        var superseded = await alice.GetObjectAsync($"/api/environments/{id}/drift");
        Assert.NotEqual("Drifted", (string)superseded["status"]!);
        Assert.Empty(superseded["items"]!.AsArray());
        var newNat = (await app.RecordsOfAsync(id)).Single(r => r.Kind == ResourceKind.NatGateway).CloudId!;
        Assert.NotEqual(oldNat, newNat);
        var gateway = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [newNat] })).NatGateways.Single();
        Assert.Equal("available", gateway.State.Value);
        var routes = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [table] })).RouteTables.Single().Routes;
        Assert.Contains(routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == newNat);
        var after = await CheckAsync(alice, id);
        Assert.True((string)after["status"]! == "InSync", after.ToJsonString());
    }

    [Fact]
    public async Task Unmanaged_SubnetsMadeByHand_OneIgnoredByTheTeamOneDeletedByAnAdminBothAuditedThenInSync()
    {
        var id = await ReadyAsync("drift-unmanaged");
        var vpcId = (await app.RecordsOfAsync(id)).Single(r => r.Key == ResourceKeys.Vpc).CloudId!;
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        var kept = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.3.64.0/20", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        var stray = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.3.80.0/20", AvailabilityZone = "ap-northeast-2b" })).Subnet.SubnetId;
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        var drift = await CheckAsync(alice, id);
        Assert.Equal(new[] { kept, stray }.Order(StringComparer.Ordinal), drift["unmanaged"]!.AsArray().Select(u => (string)u!["cloudId"]!).Order(StringComparer.Ordinal));
        var reconcile = await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 400);
        Assert.Contains("unmanaged", (string)reconcile["detail"]!, StringComparison.Ordinal);

        var ignored = await alice.PostAsync($"/api/environments/{id}/drift/unmanaged/{kept}/ignore", null, 200);

        Assert.Equal([stray], ignored["unmanaged"]!.AsArray().Select(u => (string)u!["cloudId"]!));
        Assert.Equal("Drifted", (string)ignored["status"]!);
        var again = await alice.PostAsync($"/api/environments/{id}/drift/unmanaged/{kept}/ignore", null, 409);
        Assert.Contains(kept, (string)again["detail"]!, StringComparison.Ordinal);
        using (var forbidden = await alice.PostAsync($"/api/environments/{id}/drift/unmanaged/{stray}/delete", Confirm(stray)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var wrong = await admin.PostAsync($"/api/environments/{id}/drift/unmanaged/{stray}/delete", Confirm(kept), 400);
        Assert.Contains(stray, (string)wrong["errors"]!["confirm"]![0]!, StringComparison.Ordinal);

        var deleted = await admin.PostAsync($"/api/environments/{id}/drift/unmanaged/{stray}/delete", Confirm(stray), 200);

        Assert.Empty(deleted["unmanaged"]!.AsArray());
        Assert.Equal("InSync", (string)deleted["status"]!);
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpcId])] })).Subnets.Select(s => s.SubnetId).ToList();
        Assert.Contains(kept, subnets);
        Assert.DoesNotContain(stray, subnets);
        var audit = await admin.GetObjectAsync($"/api/audit?environmentId={id}");
        var entries = audit["items"]!.AsArray().Select(i => ((string)i!["action"]!, (string)i["actor"]!, (string?)i["subject"])).ToList();
        Assert.Contains(("drift.unmanaged-ignored", IdentityTestSupport.Alice, $"subnet {kept}"), entries);
        Assert.Contains(("drift.unmanaged-deleted", IdentityTestSupport.Admin, $"subnet {stray}"), entries);
        var after = await CheckAsync(alice, id);
        Assert.True((string)after["status"]! == "InSync", after.ToJsonString());
    }

    private static StringContent Confirm(string cloudId) => new($"{{\"confirm\":\"{cloudId}\"}}", System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Accept_NodeGroupScaledByHand_SpecTakesTheDesiredSizeAndTheNextCheckIsInSync()
    {
        var id = await ReadyAsync("drift-accept");
        app.Cloud().ScaleNodegroup(Region, "drift-accept", "general", 3);
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var carol = await app.ClientForAsync(IdentityTestSupport.Carol);
        var drift = await CheckAsync(alice, id);
        var item = Assert.Single(drift["items"]!.AsArray())!;
        Assert.Equal(("nodegroup/general", "scaling.desiredSize", "2", "3"), ((string)item["key"]!, (string)item["attribute"]!, (string)item["expected"]!, (string)item["actual"]!));

        var proposed = await alice.PostAsync($"/api/environments/{id}/drift/accept", null, 201);

        Assert.Equal(3, (int)proposed["spec"]!["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        var plan = await alice.GetObjectAsync($"/api/environments/{id}/revisions/2/plan");
        var work = Assert.Single(plan["actions"]!.AsArray(), a => (string)a!["action"]! != "noop")!;
        Assert.Equal(("nodegroup/general", "update"), ((string)work["key"]!, (string)work["action"]!));
        var audit = await carol.GetObjectAsync($"/api/environments/{id}/revisions/2");
        Assert.StartsWith("Accept drift", (string)audit["comment"]!, StringComparison.Ordinal);

        var ready = await ApplyAsync(alice, carol, id, 2);

        Assert.Equal(3, (int)ready["spec"]!["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        Assert.NotEqual("Drifted", (string)ready["drift"]!);
        var after = await CheckAsync(alice, id);
        Assert.True((string)after["status"]! == "InSync", after.ToJsonString());
    }

    [Fact]
    public async Task DriftActions_NotDriftedUnexpressibleOrRevisionOpen_RefusedNamingWhy()
    {
        var id = await ReadyAsync("drift-refused");
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var never = await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 409);
        Assert.Equal("Unknown", (string)never["currentStatus"]!);
        Assert.Contains("never checked", (string)never["detail"]!, StringComparison.Ordinal);

        Assert.Equal("InSync", (string)(await CheckAsync(alice, id))["status"]!);
        var inSync = await alice.PostAsync($"/api/environments/{id}/drift/accept", null, 409);
        Assert.Equal("InSync", (string)inSync["currentStatus"]!);

        var records = (await app.RecordsOfAsync(id)).ToDictionary(r => r.Key, r => r.CloudId!);
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [records["subnet/public-a"]], Tags = [new Tag("cost-center", "9999")] });
        Assert.Equal("Drifted", (string)(await CheckAsync(alice, id))["status"]!);

        var unexpressible = await alice.PostAsync($"/api/environments/{id}/drift/accept", null, 400);
        var refused = Assert.Single(unexpressible["items"]!.AsArray())!;
        Assert.Equal(("subnet/public-a", "tags.cost-center"), ((string)refused["key"]!, (string)refused["attribute"]!));
        Assert.Contains("tag on one resource", (string)refused["reason"]!, StringComparison.Ordinal);
        Assert.Single((await alice.GetObjectAsync($"/api/environments/{id}/revisions"))["items"]!.AsArray());

        await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 201);
        var open = await alice.PostAsync($"/api/environments/{id}/drift/reconcile", null, 409);
        Assert.Equal("Draft", (string)open["currentStatus"]!);
        Assert.Contains("revision 2", (string)open["detail"]!, StringComparison.Ordinal);
    }

    private async Task<Guid> ReadyAsync(string name)
    {
        var id = await app.ApproveAsync(name);
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        return id;
    }

    /// <summary>Asks for a check and waits for its outcome.</summary>
    private static async Task<JsonObject> CheckAsync(HttpClient client, Guid id)
    {
        await client.PostAsync($"/api/environments/{id}/drift-checks", null, 202);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var drift = await client.GetObjectAsync($"/api/environments/{id}/drift");
        while ((string)drift["status"]! == "Checking")
        {
            Assert.False(patience.IsCancellationRequested, $"still checking: {drift}");
            await Task.Delay(100, CancellationToken.None);
            drift = await client.GetObjectAsync($"/api/environments/{id}/drift");
        }

        return drift;
    }

    /// <summary>Submits, approves (one approver for dev) and waits until the change is applied.</summary>
    private static async Task<JsonObject> ApplyAsync(HttpClient requester, HttpClient approver, Guid id, int number)
    {
        await requester.PostAsync($"/api/environments/{id}/revisions/{number}/submit", null, 200);
        await approver.PostAsync($"/api/environments/{id}/revisions/{number}/approve", null, 200);
        var view = await requester.WaitForStatusAsync(id, "Ready", "Failed");
        Assert.True((string)view["status"]! == "Ready", view.ToJsonString());
        Assert.Equal(number, (int)view["revision"]!);
        return view;
    }
}
