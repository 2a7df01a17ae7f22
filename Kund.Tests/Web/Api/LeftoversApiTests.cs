using System.Net;
using System.Text;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Leftovers;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Api;

/// <summary><c>/api/leftovers</c> over the sandbox: what bills and belongs to nobody, and deleting one.</summary>
public class LeftoversApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private const string Region = "eu-west-1";

    [Fact]
    public async Task Leftovers_ElasticIpAllocatedOutOfBand_ListedAt365ThenDeletedWithConfirmationAndAudited()
    {
        var address = app.Cloud().AllocateAddress(Region);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var listed = await admin.GetObjectAsync($"/api/leftovers?region={Region}");
        var item = Assert.Single(listed["items"]!.AsArray(), i => (string)i!["cloudId"]! == address.AllocationId)!;
        Assert.Equal("elastic-ip", (string)item["kind"]!);
        Assert.Equal(Region, (string)item["region"]!);
        Assert.Equal(3.65m, (decimal)item["monthlyCostUsd"]!);
        Assert.Contains("associated with nothing", (string)item["reason"]!, StringComparison.Ordinal);

        var refused = await admin.PostAsync($"/api/leftovers/{address.AllocationId}/delete?region={Region}", Confirm("eipalloc-other"), 400);
        Assert.Contains(address.AllocationId, (string)refused["errors"]!["confirm"]![0]!, StringComparison.Ordinal);
        Assert.Contains(app.Cloud().DescribeAddresses(Region), a => a.AllocationId == address.AllocationId);

        await admin.PostAsync($"/api/leftovers/{address.AllocationId}/delete?region={Region}", Confirm(address.AllocationId), 200);

        Assert.DoesNotContain(app.Cloud().DescribeAddresses(Region), a => a.AllocationId == address.AllocationId);
        var after = await admin.GetObjectAsync($"/api/leftovers?region={Region}");
        Assert.DoesNotContain(after["items"]!.AsArray(), i => (string)i!["cloudId"]! == address.AllocationId);
        var history = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(Action: LeftoversService.DeletedAction), null, 50, CancellationToken.None));
        var audited = Assert.Single(history.Items, i => i.Subject == $"elastic-ip {address.AllocationId}");
        Assert.Equal(IdentityTestSupport.Admin, audited.Actor);
    }

    [Fact]
    public async Task Leftovers_DestroyedEnvironmentsVpcWithAKubernetesLoadBalancer_EachListedWithReasonAndCostThenTheBalancerDeletedAudited()
    {
        var id = await app.ApproveAsync("left-destroyed");
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, Kund.Domain.Environments.EnvironmentStatus.Ready, Kund.Domain.Environments.EnvironmentStatus.Failed);
        Assert.True(ready.Status == Kund.Domain.Environments.EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var region = ready.Spec.Region;
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
        Assert.Equal("Destroyed", (string)(await alice.WaitForStatusAsync(id, "Destroyed", "Failed"))["status"]!);

        // What outlived it: a VPC with its tag (kept by hand, say) and what Kubernetes made in it.
        var cloud = app.Cloud();
        var vpc = cloud.CreateVpc(region, "10.9.0.0/16", null, new Dictionary<string, string> { ["kund:environment"] = id.ToString("D") });
        var subnet = cloud.CreateSubnet(region, vpc.Id, "10.9.0.0/20", $"{region}a", null);
        var balancer = cloud.CreateKubernetesLoadBalancer(region, "left-destroyed", [subnet.Id]);
        var group = Assert.Single(balancer.SecurityGroupIds);
        var eni = Assert.Single(cloud.DescribeNetworkInterfaces(region), i => i.LoadBalancerArn == balancer.Arn);

        var listed = (await admin.GetObjectAsync($"/api/leftovers?region={region}"))["items"]!.AsArray().ToDictionary(i => (string)i!["cloudId"]!, i => i!);

        Assert.Contains("Destroyed", (string)listed[vpc.Id]["reason"]!, StringComparison.Ordinal);
        Assert.Equal(("vpc", id.ToString()), ((string)listed[vpc.Id]["kind"]!, (string)listed[vpc.Id]["environmentId"]!));
        Assert.Equal(0m, (decimal)listed[vpc.Id]["monthlyCostUsd"]!);
        Assert.Equal("loadbalancer", (string)listed[balancer.Arn]["kind"]!);
        Assert.Contains("Kubernetes made for cluster left-destroyed", (string)listed[balancer.Arn]["reason"]!, StringComparison.Ordinal);
        Assert.Equal(LeftoverPrices.LoadBalancer, (decimal)listed[balancer.Arn]["monthlyCostUsd"]!);
        Assert.Equal("security-group", (string)listed[group]["kind"]!);
        Assert.Contains(vpc.Id, (string)listed[group]["reason"]!, StringComparison.Ordinal);
        Assert.Equal("network-interface", (string)listed[eni.Id]["kind"]!);
        Assert.Contains("AWS removes it with its load balancer", (string)listed[eni.Id]["reason"]!, StringComparison.Ordinal);

        await admin.PostAsync($"/api/leftovers/{Uri.EscapeDataString(balancer.Arn)}/delete?region={region}", Confirm(balancer.Arn), 200);

        Assert.DoesNotContain(cloud.DescribeLoadBalancers(region), b => b.Arn == balancer.Arn);
        var history = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(Action: LeftoversService.DeletedAction), null, 50, CancellationToken.None));
        var audited = Assert.Single(history.Items, i => i.Subject == $"loadbalancer {balancer.Arn}");
        Assert.Equal((IdentityTestSupport.Admin, id), (audited.Actor, audited.EnvironmentId));
    }

    [Fact]
    public async Task Leftovers_NatGatewayOfAFailedRun_ListedWithItsElasticIpAndTheirMonthlyCostUntilTheEnvironmentIsDestroyed()
    {
        // The run fails at the node group, long after the NAT gateway (and its Elastic IP) were made.
        var cloud = app.Cloud();
        cloud.Faults.Set("CreateNodegroup", new OperationFault(ErrorRate: 1, Code: "AccessDeniedException", Status: HttpStatusCode.Forbidden, Message: "Kund may not create node groups here."));
        EnvironmentView failed;
        try
        {
            failed = await app.WaitForStatusAsync(await app.ApproveAsync("left-failed"), ProvisioningHarness.Patience, EnvironmentStatus.Failed, EnvironmentStatus.Ready);
        }
        finally
        {
            cloud.Faults.Clear("CreateNodegroup");
        }

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        var id = failed.Id;
        var region = failed.Spec.Region;
        var records = await app.RecordsOfAsync(id);
        var nat = records.Single(r => r.Kind == ResourceKind.NatGateway).CloudId!;
        var eip = records.Single(r => r.Kind == ResourceKind.ElasticIp).CloudId!;
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var listed = (await admin.GetObjectAsync($"/api/leftovers?region={region}"))["items"]!.AsArray().ToDictionary(i => (string)i!["cloudId"]!, i => i!);

        Assert.Equal(("natgateway", region, id.ToString()), ((string)listed[nat]["kind"]!, (string)listed[nat]["region"]!, (string)listed[nat]["environmentId"]!));
        Assert.Equal($"NAT gateway of a failed run (of environment {id}, which is Failed)", (string)listed[nat]["reason"]!);
        Assert.Equal(32.85m, (decimal)listed[nat]["monthlyCostUsd"]!);
        Assert.Equal(("elastic-ip", id.ToString()), ((string)listed[eip]["kind"]!, (string)listed[eip]["environmentId"]!));
        Assert.Equal(3.65m, (decimal)listed[eip]["monthlyCostUsd"]!);
        Assert.Contains($"environment {id}, which is Failed", (string)listed[eip]["reason"]!, StringComparison.Ordinal);

        await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
        Assert.Equal("Destroyed", (string)(await alice.WaitForStatusAsync(id, "Destroyed", "Failed"))["status"]!);

        var after = (await admin.GetObjectAsync($"/api/leftovers?region={region}"))["items"]!.AsArray();
        Assert.DoesNotContain(after, i => (string?)i!["environmentId"] == id.ToString());
        Assert.DoesNotContain(after, i => (string)i!["cloudId"]! == nat || (string)i!["cloudId"]! == eip);
    }

    [Fact]
    public async Task Leftovers_KundTaggedElasticIpOfADestroyedEnvironment_ListedAt365NamingTheEnvironmentAndDestroyed()
    {
        var id = await app.ApproveAsync("left-eip");
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var region = ready.Spec.Region;
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);
        await alice.PostAsync($"/api/environments/{id}/destroy", null, 200);
        Assert.Equal("Destroyed", (string)(await alice.WaitForStatusAsync(id, "Destroyed", "Failed"))["status"]!);
        Assert.DoesNotContain((await admin.GetObjectAsync($"/api/leftovers?region={region}"))["items"]!.AsArray(), i => (string?)i!["environmentId"] == id.ToString());

        // Allocated by hand afterwards with the environment's tag, as a script copying Kund's tags would.
        var address = app.Cloud().AllocateAddress(region, new Dictionary<string, string> { ["kund:environment"] = id.ToString("D") });

        var listed = (await admin.GetObjectAsync($"/api/leftovers?region={region}"))["items"]!.AsArray();

        var item = Assert.Single(listed, i => (string)i!["cloudId"]! == address.AllocationId)!;
        Assert.Equal(("elastic-ip", region, id.ToString()), ((string)item["kind"]!, (string)item["region"]!, (string)item["environmentId"]!));
        Assert.Equal(3.65m, (decimal)item["monthlyCostUsd"]!);
        var reason = (string)item["reason"]!;
        Assert.Contains($"environment {id}", reason, StringComparison.Ordinal);
        Assert.Contains("Destroyed", reason, StringComparison.Ordinal);
        Assert.Contains(address.PublicIp, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leftovers_BadRegionOrUnknownId_ProblemsNamingTheField()
    {
        using var admin = await app.ClientForAsync(IdentityTestSupport.Admin);

        var missing = await admin.GetAsync("/api/leftovers");
        var unknown = await admin.GetAsync("/api/leftovers?region=mars-1");
        var notLeftover = await admin.PostAsync($"/api/leftovers/eipalloc-0123456789abcdef0/delete?region={Region}", Confirm("eipalloc-0123456789abcdef0"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("\"region\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("mars-1", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notLeftover.StatusCode);
    }

    private static StringContent Confirm(string cloudId) => new($"{{\"confirm\":\"{cloudId}\"}}", Encoding.UTF8, "application/json");
}
