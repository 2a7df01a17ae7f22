using System.IO.Compression;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Web.Pages;

/// <summary>Kund in Chromium with a slower sandbox, so the environment page can be seen mid-provisioning.</summary>
public sealed class DashboardApp : BrowserApp
{
    public DashboardApp() => Settings["Kund:Sandbox:TimeScale"] = "120";
}

/// <summary>
/// The whole journey in Chromium: alice asks for the seed environment through the wizard, carol approves it,
/// alice watches it come up and destroys it. Screenshots of every page go to docs/screenshots/.
/// </summary>
public class DashboardBrowserTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    private static readonly TimeSpan Provisioning = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Wizard_SeedEnvironmentApprovedAndDestroyed_ReachesReadyThenDestroyed()
    {
        var alice = await SignInAsync("alice@kund.dev", "/");
        var errors = new List<string>();
        // Every page is checked with axe on the way; the journey goes on, and the end lists all that was found.
        var violations = new List<string>();
        alice.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };

        await alice.GetByTestId("new-environment").ClickAsync();
        await alice.WaitForSelectorAsync("[data-testid=step-basics]");
        await alice.Locator("input[data-testid=name], [data-testid=name] input").First.FillAsync("payments-dev");
        await Assertions.Expect(alice.Locator("[data-testid=step-basics] .mud-input-error")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(alice, "wizard-1-basics");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-1-basics"));
        await NextAsync(alice, "step-vpc");

        await alice.Locator("input[data-testid=vpc-cidr], [data-testid=vpc-cidr] input").First.FillAsync("10.3.0.0/16");
        await alice.WaitForSelectorAsync("[data-testid=vpc-size]");
        await Assertions.Expect(alice.Locator("[data-testid=step-vpc] .mud-input-error")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(alice, "wizard-2-vpc");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-2-vpc"));
        await NextAsync(alice, "step-subnets");
        await alice.WaitForURLAsync("**/environments/new?draft=*");

        await alice.GetByTestId("default-layout").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("subnet-row")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(alice, "wizard-3-subnets");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-3-subnets"));
        await NextAsync(alice, "step-routing");

        await alice.WaitForSelectorAsync("[data-testid=route-preview]");
        await Screenshots.SaveAsync(alice, "wizard-4-routing");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-4-routing"));
        await NextAsync(alice, "step-role");

        await alice.WaitForSelectorAsync("[data-testid=trust-policy]");
        await Screenshots.SaveAsync(alice, "wizard-5-role");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-5-role"));
        await NextAsync(alice, "step-eks");

        await alice.Locator("[data-testid=k8s-version-field] .mud-input-control").First.ClickAsync();
        await alice.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "1.34" }).First.ClickAsync();
        await Assertions.Expect(alice.Locator("[data-testid=cluster-subnets] input[type=checkbox]:checked")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(alice, "wizard-6-eks");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-6-eks"));
        await NextAsync(alice, "step-nodes");

        // The add-on versions come from DescribeAddonVersions for the version picked on the EKS step.
        await Assertions.Expect(alice.Locator("[data-testid=addon-row][data-name=coredns]")).ToContainTextAsync("newest compatible (v");
        await Assertions.Expect(alice.GetByTestId("addon-row")).ToHaveCountAsync(4);
        if (await alice.GetByTestId("default-node-group").CountAsync() > 0)
        {
            // The default group made explicit, so that the step shows its table.
            await alice.GetByTestId("add-node-group").ClickAsync();
        }

        await Assertions.Expect(alice.Locator("[data-testid=node-group-row] input[data-testid=node-group-desired], [data-testid=node-group-row] [data-testid=node-group-desired] input").First).ToHaveValueAsync("2");
        await alice.EvaluateAsync("window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(alice, "wizard-7-nodes");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-7-nodes"));
        await NextAsync(alice, "step-review");

        await alice.WaitForSelectorAsync("[data-testid=plan-text]");
        await alice.WaitForSelectorAsync("[data-testid=resource-graph]");
        await Screenshots.SaveAsync(alice, "wizard-8-review");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "wizard-8-review"));
        await alice.GetByTestId("submit").ClickAsync();
        await alice.WaitForURLAsync(url => !url.Contains("/new", StringComparison.Ordinal) && url.Contains("/environments/", StringComparison.Ordinal));
        await WaitForStatusAsync(alice, "PendingApproval");
        var environmentUrl = alice.Url;
        // The toast that confirms the submit leaves the page's buttons free.
        var toast = await alice.Locator(".mud-snackbar").First.BoundingBoxAsync();
        var cancel = await alice.GetByTestId("action-cancel").BoundingBoxAsync();
        Assert.NotNull(toast);
        Assert.NotNull(cancel);
        Assert.False(Overlap(toast, cancel), $"the toast at {toast.X},{toast.Y} {toast.Width}×{toast.Height} covers Cancel at {cancel.X},{cancel.Y}");

        var carol = await SignInAsync("carol@kund.dev", "/approvals");
        var request = carol.Locator("[data-testid=request][data-name=payments-dev]");
        await request.WaitForAsync();
        await Screenshots.SaveAsync(carol, "approvals");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(carol, "approvals"));
        await request.GetByTestId("approve").ClickAsync();
        await carol.Locator("textarea[data-testid=confirm-comment], [data-testid=confirm-comment] textarea").First.FillAsync("Seed environment, single NAT: fine.");
        await carol.GetByTestId("confirm-ok").ClickAsync();
        await carol.GetByTestId("empty").WaitForAsync();

        await WaitForStatusAsync(alice, "Provisioning");
        await alice.Locator("[data-testid=resource-graph] [data-state=Creating]").First.WaitForAsync();
        await Screenshots.SaveAsync(alice, "environment-provisioning");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "environment-provisioning"));
        await WaitForStatusAsync(alice, "Ready", Provisioning);
        await Assertions.Expect(alice.Locator("[data-testid=resource-graph] .kund-node:not([data-state=Created])")).ToHaveCountAsync(0);
        await Assertions.Expect(alice.GetByTestId("percent")).ToHaveTextAsync("100 %");
        await alice.GetByTestId("output").First.WaitForAsync();
        await Screenshots.SaveAsync(alice, "environment-ready");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "environment-ready"));

        var panel = alice.GetByTestId("kubeconfig-panel");
        await Assertions.Expect(panel.GetByTestId("update-kubeconfig")).ToHaveTextAsync("aws eks update-kubeconfig --region ap-northeast-2 --name payments-dev");
        await Assertions.Expect(panel.GetByTestId("private-endpoint-warning")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(panel, "environment-kubeconfig");
        var download = await alice.RunAndWaitForDownloadAsync(() => panel.GetByTestId("kubeconfig-download").ClickAsync());
        Assert.Equal("payments-dev-kubeconfig.yaml", download.SuggestedFilename);
        var kubeconfig = await File.ReadAllTextAsync(await download.PathAsync());
        var endpoint = await alice.GetByTestId("output").Filter(new() { HasText = "https://" }).First.InnerTextAsync();
        Assert.Contains($"server: {endpoint.Trim()}", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data: ", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("- get-token\n      - --cluster-name\n      - payments-dev\n", kubeconfig.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // The export as a download, and the same files on the page: one import block per resource block.
        var terraform = alice.GetByTestId("terraform-panel");
        var zip = await alice.RunAndWaitForDownloadAsync(() => terraform.GetByTestId("terraform-export").ClickAsync());
        Assert.Equal("payments-dev-terraform.zip", zip.SuggestedFilename);
        using var archive = ZipFile.OpenRead(await zip.PathAsync());
        Assert.Equal(["imports.tf", "main.tf", "versions.tf"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var imports = await ReadEntryAsync(archive, "imports.tf");
        var resources = (await ReadEntryAsync(archive, "main.tf")).Split('\n').Count(line => line.StartsWith("resource \"", StringComparison.Ordinal));
        Assert.True(resources >= 20, $"main.tf of the seed environment has {resources} resource blocks");
        Assert.Equal(resources, imports.Split('\n').Count(line => line == "import {"));
        await terraform.GetByTestId("terraform-show-files").ClickAsync();
        var shown = terraform.Locator("[data-testid=terraform-file-text][data-file='imports.tf']");
        await Assertions.Expect(shown).ToContainTextAsync("import {");
        Assert.Equal(imports.ReplaceLineEndings("\n").TrimEnd(), (await shown.InnerTextAsync()).ReplaceLineEndings("\n").TrimEnd());
        await Screenshots.SaveAsync(terraform, "terraform-export");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "terraform-export"));
        await terraform.GetByTestId("terraform-show-files").ClickAsync();
        await Assertions.Expect(terraform.GetByTestId("terraform-files")).ToHaveCountAsync(0);

        await carol.GotoAsync("/inventory");
        await carol.GetByTestId("inventory-table").WaitForAsync();
        Assert.DoesNotContain("|arn:", await carol.GetByTestId("inventory-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(carol, "inventory");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(carol, "inventory"));

        await alice.GotoAsync("/");
        await alice.Locator("[data-testid=env-card][data-name=payments-dev]").WaitForAsync();
        await Screenshots.SaveAsync(alice, "home");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "home"));
        var phone = await SignInAsync("alice@kund.dev", "/", 390, 844);
        await phone.Locator("[data-testid=env-card][data-name=payments-dev]").WaitForAsync();
        await Screenshots.SaveAsync(phone, "home-phone");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(phone, "home-phone"));

        await alice.GotoAsync(environmentUrl);
        // The prerendered page shows the button before the circuit can handle its click.
        await alice.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await WaitForStatusAsync(alice, "Ready");
        await alice.GetByTestId("action-destroy").ClickAsync();
        await alice.Locator("[data-testid=confirm-items] .mud-list-item").First.WaitForAsync();
        Assert.True(await alice.Locator("[data-testid=confirm-items] .mud-list-item").CountAsync() >= 12, "the destroy dialog lists every resource");
        await alice.GetByTestId("confirm-ok").ClickAsync();
        await WaitForStatusAsync(alice, "Destroyed", Provisioning);

        await alice.GotoAsync("/audit");
        await alice.GetByTestId("audit-table").WaitForAsync();
        await alice.GetByTestId("chain-valid").WaitForAsync();
        await Screenshots.SaveAsync(alice, "audit");
        violations.AddRange(await Accessibility.SeriousViolationsAsync(alice, "audit"));

        Assert.Empty(errors);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private async Task<IPage> SignInAsync(string email, string path, int width = 1440, int height = 900)
    {
        var page = await app.NewPageAsync(width, height);
        await page.GotoAsync(path);
        await page.GetByLabel($"Sign in as {email}").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        return page;
    }

    private static async Task NextAsync(IPage page, string nextStep)
    {
        await page.GetByTestId("next").ClickAsync();
        await page.GetByTestId(nextStep).WaitForAsync();
    }

    private static Task WaitForStatusAsync(IPage page, string status, TimeSpan? timeout = null) =>
        page.Locator($"h4 ~ [data-testid=status-chip][data-status={status}], [data-testid=status-chip][data-status={status}]").First
            .WaitForAsync(new() { Timeout = (float)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds });

    private static async Task<string> ReadEntryAsync(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync();
    }
}
