using System.Text.Json;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Revisions;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>"Change" on a Ready environment in Chromium: the wizard prefilled from its spec, one NAT per zone chosen, the planner's diff on the review, and revision 2 waiting for approval.</summary>
public class ChangeWizardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Name = "input[data-testid=name], [data-testid=name] input";

    [Fact]
    public async Task Change_FromTheEnvironmentPage_PerZoneNatReviewedAsADiffAndSubmittedAsRevision2PendingApproval()
    {
        var spec = SeedSpecs.Payments("change-wizard");
        var id = await app.ReadyThroughServicesAsync(spec);
        var expected = await app.WithAsync<RevisionService, ChangePreview>(s => s.PreviewChangeAsync(Callers.Alice, id, ChangeRuns.PerAz(spec), CancellationToken.None));
        var planLine = expected.Plan!.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        Assert.Equal("Plan: 4 to add, 0 to change, 1 to destroy.", planLine);

        var page = await app.SignInAsync("alice@kund.dev", $"/environments/{id}");
        await page.GetByTestId("change").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/environments/{id}/change");
        await page.GetByTestId("step-basics").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("wizard-heading")).ToHaveTextAsync("Change change-wizard: revision 1 → 2");
        await Assertions.Expect(page.Locator(Name).First).ToHaveValueAsync("change-wizard");
        await Assertions.Expect(page.Locator(Name).First).ToHaveAttributeAsync("readonly", "");

        await NextAsync(page, "step-vpc");
        await NextAsync(page, "step-subnets");
        var subnetNames = page.Locator("input[data-testid=subnet-name], [data-testid=subnet-name] input");
        await Assertions.Expect(subnetNames).ToHaveCountAsync(4);
        string[] names = ["public-a", "public-b", "private-a", "private-b"];
        for (var i = 0; i < names.Length; i++)
        {
            await Assertions.Expect(subnetNames.Nth(i)).ToHaveValueAsync(names[i]);
        }

        await NextAsync(page, "step-routing");
        var single = page.GetByRole(AriaRole.Radio, new() { Name = "Single (cheapest; one zone's outage cuts egress)" });
        var perZone = page.GetByRole(AriaRole.Radio, new() { Name = "One per zone (resilient; one NAT and Elastic IP each)" });
        await Assertions.Expect(single).ToBeCheckedAsync();
        await page.GetByText("One per zone (resilient; one NAT and Elastic IP each)").ClickAsync();
        await Assertions.Expect(perZone).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("route-preview")).ToContainTextAsync("nat/ap-northeast-2b");

        await NextAsync(page, "step-role");
        await NextAsync(page, "step-eks");
        await NextAsync(page, "step-nodes");
        await NextAsync(page, "step-review");
        var review = page.GetByTestId("step-review");
        await Assertions.Expect(review.GetByTestId("plan-text")).ToContainTextAsync(planLine);
        await Assertions.Expect(review.GetByTestId("diff-summary")).ToContainTextAsync($"+{expected.Plan.Summary.Add} to add");
        await Assertions.Expect(review.GetByTestId("risky")).ToHaveTextAsync("deletes rtb/private");
        await Assertions.Expect(review.GetByTestId("cost-change")).ToContainTextAsync("→");
        await Assertions.Expect(review.GetByTestId("change-error")).ToHaveCountAsync(0);
        // From the top, as the review opens: the heading, the stepper and the diff's summary above the graph.
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await Screenshots.SaveAsync(page, "change-wizard-review");
        await page.Locator("input[data-testid=change-comment], [data-testid=change-comment] input").First.FillAsync("one NAT per zone");

        await page.GetByTestId("submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/environments/{id}");
        await Assertions.Expect(page.Locator("[data-testid=revision-table] tr[data-revision='2']")).ToContainTextAsync("PendingApproval");

        // What the API answers for revision 2, with alice's API token (the API takes bearer tokens, not the page's cookie).
        var response = await page.APIRequest.GetAsync($"/api/environments/{id}/revisions/2", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {await TokenAsync("alice@kund.dev")}" },
        });
        Assert.Equal(200, response.Status);
        var revision = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.Equal("PendingApproval", revision.GetProperty("status").GetString());
        Assert.Equal("perAz", revision.GetProperty("spec").GetProperty("routing").GetProperty("natGateways").GetString());
        Assert.Equal("one NAT per zone", revision.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Change_AsAnAuditor_ThePagesNotAllowedTreatment()
    {
        var id = await app.ReadyThroughServicesAsync(SeedSpecs.Payments("change-auditor"));

        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as dave@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync($"/environments/{id}/change");

        await Assertions.Expect(page.GetByText("This page is not part of your role.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("step-basics")).ToHaveCountAsync(0);
    }

    private async Task<string> TokenAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindByEmailAsync(email, CancellationToken.None)
            ?? throw new InvalidOperationException($"no user {email}");
        return (await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(KundUser.FromAccount(account), email, "change-wizard", null, CancellationToken.None)).Token;
    }

    private static async Task NextAsync(IPage page, string step)
    {
        await page.GetByTestId("next").ClickAsync();
        await page.GetByTestId(step).WaitForAsync();
    }
}
