using Kund.Domain.Environments;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>Kund in the browser with the repository's blueprint folder loaded at start.</summary>
public sealed class BlueprintBrowserApp : BrowserApp
{
    public BlueprintBrowserApp()
    {
        Settings["Kund:Blueprints:Path"] = Path.Combine(Screenshots.RepositoryRoot(), "blueprints");
    }
}

public class BlueprintBrowserTests(BlueprintBrowserApp app) : IClassFixture<BlueprintBrowserApp>
{
    [Fact]
    public async Task NewEnvironment_StartFromSmallDevCluster_DraftOfTheBlueprintWithTheParameterThenNewerVersionProposedAsRevision()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Sign in as alice@kund.dev").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/environments/new");
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");

        var card = page.Locator("[data-testid=blueprint-card][data-name=small-dev-cluster]");
        await Assertions.Expect(card.Locator("[data-testid=blueprint-version]")).ToHaveTextAsync("v1");
        await Assertions.Expect(card.Locator("[data-testid=blueprint-cost]")).ToContainTextAsync("a month");
        await Assertions.Expect(page.Locator("[data-testid=blueprint-card]")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(page.Locator("[data-testid=blueprint-cards]"), "blueprint-cards");

        await card.Locator("[data-testid=start-from-blueprint]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/environments/new/blueprints/small-dev-cluster");
        var form = page.Locator("[data-testid=blueprint-start]");
        await Assertions.Expect(form).ToHaveAttributeAsync("data-version", "1");
        var nat = form.Locator("[data-testid=locked-field][data-path='routing.natGateways']").Locator("xpath=descendant-or-self::input").First;
        await Assertions.Expect(nat).ToBeDisabledAsync();
        await Assertions.Expect(nat).ToHaveValueAsync("single");
        await Assertions.Expect(form).ToContainTextAsync("Dev environments share one NAT gateway to keep the bill small.");
        await Input(form, "[data-testid=name]").FillAsync("bp-browser");
        await Input(form, "[data-testid=vpc-cidr]").FillAsync("10.91.0.0/16");
        var nodes = Input(form, "[data-testid=parameter][data-name=nodes]");
        await nodes.FillAsync("9");
        await nodes.PressAsync("Tab");
        await Assertions.Expect(nodes).ToHaveValueAsync("5");
        await nodes.FillAsync("4");
        await nodes.PressAsync("Tab");
        await Screenshots.SaveAsync(form, "blueprint-start");

        await form.Locator("[data-testid=create-from-blueprint]").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/environments/", StringComparison.Ordinal) && !new Uri(url).AbsolutePath.StartsWith("/environments/new", StringComparison.Ordinal));
        var id = Guid.Parse(new Uri(page.Url).AbsolutePath["/environments/".Length..]);
        await Assertions.Expect(page.Locator("[data-testid=blueprint]")).ToContainTextAsync("from blueprint small-dev-cluster v1");
        var draft = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(EnvironmentStatus.Draft, draft.Status);
        Assert.Equal(4, draft.Spec.Cluster!.Compute!.NodeGroups![0].DesiredSize);
        Assert.Equal("t3.medium", draft.Spec.Cluster.Compute.NodeGroups[0].InstanceTypes![0]);

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, id, "go", CancellationToken.None));
        Assert.Equal(EnvironmentStatus.Ready, (await app.WaitForStatusAsync(id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed)).Status);
        var published = await app.WithAsync<BlueprintStore, BlueprintPublish>(s => s.PublishAsync(
            "admin@kund.dev",
            File.ReadAllText(Path.Combine(Screenshots.RepositoryRoot(), "blueprints", "small-dev-cluster.yaml"))
                .Replace("version: 1", "version: 2", StringComparison.Ordinal)
                .Replace("instanceTypes: [t3.medium]", "instanceTypes: [t3.large]", StringComparison.Ordinal),
            CancellationToken.None));
        Assert.IsType<BlueprintPublish.Published>(published);

        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        await Assertions.Expect(page.Locator("[data-testid=blueprint-upgrade-available]")).ToHaveTextAsync("blueprint v2 available");
        var badge = await page.Locator("[data-testid=blueprint]").BoundingBoxAsync();
        await Screenshots.SaveTopAsync(page, "environment-from-blueprint", badge!.Y + badge.Height + 24);
        await page.Locator("[data-testid=blueprint-upgrade]").ClickAsync();

        var history = page.Locator("[data-testid=revision-table]");
        await Assertions.Expect(history.Locator("tr[data-revision='2']")).ToContainTextAsync("Draft");
        await history.Locator("tr[data-revision='2'] [data-testid=show-plan]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=revisions-panel] [data-testid=plan-text]")).ToContainTextAsync("t3.large");
        await Screenshots.SaveAsync(page.Locator("[data-testid=revisions-panel]"), "blueprint-upgrade-diff");
    }

    private static ILocator Input(ILocator scope, string selector) => scope.Locator(selector).Locator("xpath=descendant-or-self::input").First;
}
