using System.Net;
using System.Text;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Leftovers;
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
