using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// The wizard in Chromium on a phone (390×844): what is typed survives a reload, at the same step; the stepper and
/// the subnet table fit the screen; a draft left mid-way is continued from its environment page.
/// </summary>
public class WizardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Name = "input[data-testid=name], [data-testid=name] input";
    private const string VpcCidr = "input[data-testid=vpc-cidr], [data-testid=vpc-cidr] input";
    private const string Saved = "[data-testid=draft-saved][data-saved=true]";

    [Fact]
    public async Task Wizard_OnAPhone_ReloadKeepsValuesAndStep_FitsTheScreen_ContinuesFromTheEnvironmentPage()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.GotoAsync("/environments/new");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/environments/new");
        await InteractiveAsync(page);
        await page.GetByTestId("step-basics").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-basics] .mud-input-error")).ToHaveCountAsync(0);
        await FitsAsync(page, "basics");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "wizard basics on a phone");

        // Saved as typed, before any Next: a reload keeps the name.
        await page.Locator(Name).First.FillAsync("phone-draft");
        await page.Locator(Saved).WaitForAsync();
        Assert.Contains("step=0", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator(Name).First).ToHaveValueAsync("phone-draft");

        await page.GetByTestId("next").ClickAsync();
        await page.GetByTestId("step-vpc").WaitForAsync();
        await page.Locator(VpcCidr).First.FillAsync("10.21.0.0/16");
        await page.GetByTestId("next").ClickAsync();
        await page.GetByTestId("step-subnets").WaitForAsync();
        await page.GetByTestId("default-layout").ClickAsync();
        await Assertions.Expect(page.GetByTestId("subnet-row")).ToHaveCountAsync(4);
        await page.Locator(Saved).WaitForAsync();
        await FitsAsync(page, "subnets");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "wizard subnets on a phone");
        await Screenshots.SaveAsync(page, "wizard-3-subnets-phone");

        // A reload mid-wizard reopens the same step with what was chosen there.
        Assert.Contains("step=2", page.Url, StringComparison.Ordinal);
        var draftUrl = page.Url;
        await page.ReloadAsync();
        await InteractiveAsync(page);
        await page.GetByTestId("step-subnets").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("subnet-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("input[data-testid=subnet-cidr], [data-testid=subnet-cidr] input").First).ToHaveValueAsync("10.21.0.0/20");

        // Left here, the draft cannot be submitted from its page; the page continues the wizard at this step.
        var id = new Uri(draftUrl).Query.Split('&')[0].Split('=')[1];
        await page.GotoAsync($"/environments/{id}");
        await InteractiveAsync(page);
        await page.GetByTestId("continue-wizard").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("action-submit")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "draft environment page on a phone");
        await page.GetByTestId("continue-wizard").ClickAsync();
        await page.GetByTestId("step-subnets").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("subnet-row")).ToHaveCountAsync(4);
    }

    private static async Task InteractiveAsync(IPage page) => await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");

    /// <summary>Nothing sticks out sideways: the page does not scroll horizontally.</summary>
    private static async Task FitsAsync(IPage page, string where)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"{where}: the page is {scroll}px wide on a {width}px screen");
    }
}
