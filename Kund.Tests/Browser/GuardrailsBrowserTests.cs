using System.Text.RegularExpressions;
using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Webhooks;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Kund.Tests.Web.Notifications;
using Microsoft.Playwright;

namespace Kund.Tests.Browser;

/// <summary>
/// Guardrails in Chromium: a prod request needs two approvers, and the queue shows "1 of 2" after the first;
/// the second approval starts it. The bell counts what each person has not read and lists it; the
/// environment page counts down to its expiry; the Teams page shows a webhook's deliveries, a retry included,
/// and refuses a broken policy by path.
/// </summary>
public partial class GuardrailsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Approvals_ProdRequest_OneOfTwoAfterCarolThenErinStartsIt_BellTellsAlice()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1);
        var admin = new KundUser(Guid.NewGuid(), IdentityTestSupport.Admin, "Admin", [], [KundRoles.Admin]);
        await app.WithAsync<WebhookStore, CreatedWebhook>(s => s.CreateAsync(admin, "team-a", receiver.Url, [KundEvents.Submitted, KundEvents.Approved], CancellationToken.None));
        var spec = SeedSpecs.Payments("payments-prod") with { Purpose = Purpose.Prod, ExpiresAt = DateTimeOffset.UtcNow.AddDays(3) };
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));

        var carol = await app.SignInAsync("carol@kund.dev", "/approvals");
        await Assertions.Expect(carol.Locator(Bell)).ToHaveAttributeAsync("aria-label", UnreadSome());
        var request = carol.Locator("[data-testid=request][data-name=payments-prod]");
        await Assertions.Expect(request.GetByTestId("approvals-progress")).ToContainTextAsync("0 of 2 approvals");
        await ApproveAsync(carol, request, "Sized as agreed.");
        await Assertions.Expect(request.GetByTestId("approvals-progress")).ToContainTextAsync("1 of 2 approvals");
        Assert.Equal(EnvironmentStatus.PendingApproval, (await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, draft.Id, CancellationToken.None))).Status);
        await Screenshots.SaveAsync(request, "approvals-1-of-2");

        var erin = await app.SignInAsync("erin@kund.dev", "/approvals");
        var second = erin.Locator("[data-testid=request][data-name=payments-prod]");
        await Assertions.Expect(second.GetByTestId("approvals-progress")).ToContainTextAsync("1 of 2 approvals");
        await ApproveAsync(erin, second, "Second pair of eyes: fine.");
        await Assertions.Expect(second).ToHaveCountAsync(0);
        var started = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Provisioning, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.NotEqual(EnvironmentStatus.Failed, started.Status);

        var alice = await app.SignInAsync("alice@kund.dev", "/");
        await Assertions.Expect(alice.Locator(Bell)).ToHaveAttributeAsync("aria-label", UnreadSome());
        await alice.Locator(Bell).ClickAsync();
        var approved = alice.Locator("[data-testid=notification-item][data-event=approved]").First;
        await Assertions.Expect(approved).ToContainTextAsync("payments-prod");
        await Screenshots.SaveAsync(alice, "notification-bell");
        await OpenFromTheBellAsync(alice, approved, $"/environments/{draft.Id}");
        await Assertions.Expect(alice.GetByTestId("expiry-countdown")).ToContainTextAsync(new Regex(@"expires in 2 d 23 h|expires in 3 d 0 h"));

        await receiver.WaitForAcceptedAsync(2, TimeSpan.FromSeconds(60));
        var teams = await app.SignInAsync("admin@kund.dev", "/teams");
        await teams.GotoAsync("/teams?team=team-a");
        await teams.WaitForSelectorAsync(".mud-layout[data-interactive=true]");
        var webhook = teams.Locator($"[data-testid=webhook][data-url='{receiver.Url}']");
        await webhook.GetByTestId("webhook-deliveries").ClickAsync();
        await Assertions.Expect(webhook.Locator("[data-testid=delivery][data-status=Delivered]")).ToHaveCountAsync(2);
        await Assertions.Expect(webhook.GetByTestId("delivery-table")).ToContainTextAsync("500 → 200");
        await Screenshots.SaveAsync(teams.GetByTestId("team-webhooks"), "webhook-deliveries");

        // The policy beside it: a broken one is refused by path and nothing is saved.
        var version = await teams.GetByTestId("policy-version").InnerTextAsync();
        await teams.Locator("textarea[data-testid=policy-json], [data-testid=policy-json] textarea").First
            .FillAsync("""{ "maxNodes": -3, "allowedRegions": ["ap-northeast-2"], "ttl": { "dev": { "defaultDays": 9, "maxDays": 3 } } }""");
        await teams.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(teams.GetByTestId("policy-error").Filter(new() { HasText = "ttl.dev.defaultDays" })).ToHaveCountAsync(1);
        await Assertions.Expect(teams.GetByTestId("policy-error").Filter(new() { HasText = "maxNodes" })).ToHaveCountAsync(1);
        await Assertions.Expect(teams.GetByTestId("policy-version")).ToHaveTextAsync(version);
        await Assertions.Expect(teams.GetByTestId("team-spend")).ToContainTextAsync("payments-prod");
        // A full-page picture keeps the fixed app bar where the window was scrolled to: take it from the top.
        await teams.EvaluateAsync("window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(teams, "team-policy");
        await Accessibility.AssertNoSeriousViolationsAsync(teams, "team-policy");

        // "Send a test": a ping, listed with the deliveries at once and delivered like them.
        await webhook.GetByTestId("webhook-test").ClickAsync();
        await Assertions.Expect(webhook.Locator("[data-testid=delivery]", new() { HasText = "ping" })).ToHaveCountAsync(1);
        await receiver.WaitForAcceptedAsync(3, TimeSpan.FromSeconds(60));
        Assert.Equal("ping", receiver.Accepted[^1].Event);
    }

    private const string Bell = "[data-testid=notification-bell] button[aria-label^=Notifications]";

    [GeneratedRegex(@"^Notifications, [1-9][0-9]* unread$")]
    private static partial Regex UnreadSome();

    /// <summary>
    /// Clicks a notification and waits for its page. A click that lands while the live list re-renders (a new
    /// notification arriving) can be lost; then the bell is opened and the item clicked again, at most three times.
    /// </summary>
    private static async Task OpenFromTheBellAsync(IPage page, ILocator item, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            await item.ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => url.Contains(path, StringComparison.Ordinal), new() { Timeout = 10_000, WaitUntil = WaitUntilState.Commit });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                if (!await item.IsVisibleAsync())
                {
                    await page.Locator(Bell).ClickAsync();
                }
            }
        }
    }

    private static async Task ApproveAsync(IPage page, ILocator request, string comment)
    {
        await request.GetByTestId("approve").ClickAsync();
        await page.Locator("textarea[data-testid=confirm-comment], [data-testid=confirm-comment] textarea").First.FillAsync(comment);
        await page.GetByTestId("confirm-ok").ClickAsync();
    }
}
