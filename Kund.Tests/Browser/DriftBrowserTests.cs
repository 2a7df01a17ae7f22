using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Drift;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>A host whose drift monitor polls often, for a Check now that finishes while the page watches.</summary>
public class DriftBrowserApp : BrowserApp
{
    public DriftBrowserApp() => Settings["Kund:Drift:PollInterval"] = "00:00:00.200";
}

public class DriftBrowserTests(DriftBrowserApp app) : IClassFixture<DriftBrowserApp>
{
    private const string Region = "ap-northeast-2";

    [Fact]
    public async Task EnvironmentPage_CheckNowAfterConsoleChanges_ShowsDriftedBadgeAndItemsBySeverity()
    {
        var spec = SeedSpecs.Payments("drift-page");
        spec = spec with { Cluster = spec.Cluster! with { PublicAccessCidrs = ["203.0.113.0/24"] } };
        var id = await app.ApproveAsync(spec);
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var records = (await app.RecordsOfAsync(id)).ToDictionary(r => r.Key, r => r.CloudId);
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = records[ResourceKeys.PrivateRouteTable], DestinationCidrBlock = "0.0.0.0/0" });
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [ready.Outputs.SubnetIds["public-a"]], Tags = [new Tag("cost-center", "9999")] });
        app.Cloud().OpenClusterEndpoint(Region, "drift-page", ["0.0.0.0/0"]);
        await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = ready.Outputs.VpcId, CidrBlock = "10.3.64.0/20", AvailabilityZone = "ap-northeast-2a" });

        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync($"/environments/{id}");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        var panel = page.GetByTestId("drift-panel");
        await Assertions.Expect(panel).ToContainTextAsync("never checked");

        await page.GetByTestId("drift-check-now").ClickAsync();

        await Assertions.Expect(page.GetByTestId("drift-status")).ToContainTextAsync("Drifted", new() { Timeout = 30_000 });
        var rows = page.Locator("[data-testid=drift-items] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.First).ToContainTextAsync("Security");
        await Assertions.Expect(rows.First).ToContainTextAsync("publicAccessCidrs");
        await Assertions.Expect(page.Locator("[data-testid=drift-items] tr[data-key='rtb/private']")).ToContainTextAsync("routes[0.0.0.0/0]");
        await Assertions.Expect(page.Locator("[data-testid=drift-items] tr[data-key='subnet/public-a']")).ToContainTextAsync("Cosmetic");
        await Assertions.Expect(page.GetByTestId("drift-unmanaged")).ToContainTextAsync("subnet");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await Assertions.Expect(page.GetByTestId("drifted-badge")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "environment-drift");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "environment-drift");

        // Reconcile drafts revision 2, which the revisions panel shows at once, ready to submit.
        await page.GetByTestId("drift-reconcile").ClickAsync();
        var drafted = page.Locator("[data-testid=revision-table] tr[data-revision='2']");
        await Assertions.Expect(drafted.GetByTestId("revision-status")).ToContainTextAsync("Draft", new() { Timeout = 15_000 });
        await Assertions.Expect(drafted.GetByTestId("revision-submit")).ToBeVisibleAsync();

        // A second one while it is open is refused, saying why.
        await page.GetByTestId("drift-accept").ClickAsync();
        await Assertions.Expect(page.GetByTestId("drift-refused")).ToContainTextAsync("revision 2 is Draft");
    }
    [Fact]
    public async Task EnvironmentPage_UnmanagedSubnets_MemberIgnoresOneAdminDeletesTheOtherOnceAwsNoLongerRefuses()
    {
        var id = await app.ApproveAsync(SeedSpecs.Payments("drift-by-hand"));
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        var vpcId = ready.Outputs.VpcId;
        var kept = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.3.64.0/20", AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;
        var stray = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = "10.3.80.0/20", AvailabilityZone = "ap-northeast-2b" })).Subnet.SubnetId;
        // Someone's interface in the stray subnet: AWS refuses to delete a subnet that still has one.
        var eni = app.Cloud().CreateNetworkInterface(Region, stray);

        var alice = await app.SignInAsync("alice@kund.dev", $"/environments/{id}");
        await alice.GetByTestId("drift-check-now").ClickAsync();
        var aliceRows = alice.Locator("[data-testid=drift-unmanaged] tr");
        await Assertions.Expect(aliceRows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(alice.Locator($"[data-testid=drift-unmanaged] tr[data-cloud-id='{kept}']")).ToContainTextAsync("subnet");
        await Assertions.Expect(alice.GetByTestId("drift-unmanaged-ignore")).ToHaveCountAsync(2);
        await Assertions.Expect(alice.GetByTestId("drift-unmanaged-delete")).ToHaveCountAsync(0);

        await alice.Locator($"[data-testid=drift-unmanaged] tr[data-cloud-id='{kept}']").GetByTestId("drift-unmanaged-ignore").ClickAsync();

        await Assertions.Expect(aliceRows).ToHaveCountAsync(1);
        await Assertions.Expect(aliceRows).ToHaveAttributeAsync("data-cloud-id", stray);
        var before = (await DriftAsync(id)).CheckedAt;
        await alice.GetByTestId("drift-check-now").ClickAsync();
        var next = await CheckedAfterAsync(id, before);
        Assert.Equal([stray], next.Unmanaged.Select(u => u.CloudId));
        await alice.ReloadAsync();
        await alice.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await Assertions.Expect(aliceRows).ToHaveCountAsync(1);
        await Assertions.Expect(aliceRows).ToHaveAttributeAsync("data-cloud-id", stray);

        var admin = await app.SignInAsync("admin@kund.dev", $"/environments/{id}");
        var adminRow = admin.Locator($"[data-testid=drift-unmanaged] tr[data-cloud-id='{stray}']");
        await Assertions.Expect(adminRow.GetByTestId("drift-unmanaged-delete")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("drift-unmanaged-ignore")).ToHaveCountAsync(0);

        await adminRow.GetByTestId("drift-unmanaged-delete").ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {stray}?" });
        await Assertions.Expect(dialog).ToContainTextAsync($"the subnet {stray}");
        await Assertions.Expect(dialog.GetByTestId("confirm-ok")).ToHaveTextAsync($"Delete {stray}");
        await dialog.GetByTestId("confirm-ok").ClickAsync();

        await Assertions.Expect(admin.GetByTestId("drift-refused")).ToContainTextAsync("DependencyViolation");
        await Assertions.Expect(admin.GetByTestId("drift-refused")).ToContainTextAsync(stray);
        await Assertions.Expect(adminRow).ToBeVisibleAsync();
        Assert.Contains(app.Cloud().DescribeSubnets(Region), s => s.Id == stray);

        app.Cloud().DeleteNetworkInterface(Region, eni.Id);
        await adminRow.GetByTestId("drift-unmanaged-delete").ClickAsync();
        await dialog.GetByTestId("confirm-ok").ClickAsync();

        await Assertions.Expect(admin.GetByTestId("drift-unmanaged")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("drift-status")).ToContainTextAsync("In sync");
        await Assertions.Expect(admin.GetByTestId("drifted-badge")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("drift-refused")).ToHaveCountAsync(0);
        Assert.DoesNotContain(app.Cloud().DescribeSubnets(Region), s => s.Id == stray);
        Assert.Contains(app.Cloud().DescribeSubnets(Region), s => s.Id == kept);
        var ignored = Assert.Single(await AuditAsync(id, UnmanagedActions.IgnoredAction));
        Assert.Equal(("alice@kund.dev", $"subnet {kept}"), (ignored.Actor, ignored.Subject));
        var deleted = Assert.Single(await AuditAsync(id, UnmanagedActions.DeletedAction));
        Assert.Equal(("admin@kund.dev", $"subnet {stray}"), (deleted.Actor, deleted.Subject));
    }

    private async Task<IReadOnlyList<AuditItem>> AuditAsync(Guid id, string action)
    {
        var history = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(EnvironmentId: id, Action: action), null, 50, CancellationToken.None));
        return history.Items;
    }

    private Task<DriftView> DriftAsync(Guid id) =>
        app.WithAsync<DriftService, DriftView>(s => s.GetAsync(Callers.Alice, id, CancellationToken.None));

    /// <summary>Waits for a check finished after <paramref name="before"/>.</summary>
    private async Task<DriftView> CheckedAfterAsync(Guid id, DateTimeOffset? before)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var drift = await DriftAsync(id);
            if (drift.Status != DriftCheckStatus.Checking && drift.CheckedAt > before)
            {
                return drift;
            }

            Assert.False(patience.IsCancellationRequested, $"no new check: {drift.Status} at {drift.CheckedAt}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
