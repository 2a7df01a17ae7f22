using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
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
}
