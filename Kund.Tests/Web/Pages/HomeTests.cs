using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Support;
using Kund.Web.Components.Pages;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Pages;

/// <summary>Home: active environments by default, filters and search in the address, $0 once destroyed, new requests live for approvers.</summary>
public sealed class HomeTests(KundAppFactory app) : PageTest, IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Render_Default_ShowsActiveOnly()
    {
        var live = await DraftAsync("home-live");
        var gone = await DestroyedAsync("home-gone");
        SignIn(PageTestServices.Alice);

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=env-card][data-name={live.Name}]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll($"[data-testid=env-card][data-name={gone.Name}]"));
    }

    [Fact]
    public async Task Render_AllAndSearchInAddress_DestroyedShownAtNoCost()
    {
        await DraftAsync("search-other");
        var gone = await DestroyedAsync("search-gone");
        SignIn(PageTestServices.Alice);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?status=all&q=SEARCH-G");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=env-card][data-name={gone.Name}]")), TimeSpan.FromSeconds(10));
        Assert.Single(cut.FindAll("[data-testid=env-card]"));
        var card = cut.Find($"[data-testid=env-card][data-name={gone.Name}]");
        Assert.Contains("$0.00/month", card.QuerySelector("[data-testid=card-facts]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_StatusChip_ReadsAsWords()
    {
        var draft = await DraftAsync("words");
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        SignIn(PageTestServices.Alice);

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=env-card][data-name={draft.Name}]")), TimeSpan.FromSeconds(10));
        var chip = cut.Find($"[data-testid=env-card][data-name={draft.Name}] [data-testid=status-chip]");
        Assert.Equal("Pending approval", chip.TextContent.Trim());
        Assert.Contains("Pending approval: ", cut.Find("[data-testid=counts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Approver_NewRequestAppearsLive()
    {
        SignIn(PageTestServices.Carol);
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=empty], [data-testid=env-card]")), TimeSpan.FromSeconds(10));

        // Committed through the service: NOTIFY, the listener, the notifier, then the page.
        var draft = await DraftAsync("arrives-live");
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=env-card][data-name={draft.Name}]")), TimeSpan.FromSeconds(10));
    }

    /// <summary>The page's AuthorizeView (the "New environment" button) needs the authorization services too.</summary>
    private void SignIn(KundUser user)
    {
        // bUnit's authorization first: the signed-in user registered after it is the one the services see.
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user.Email);
        if (user.Roles.Contains(KundRoles.Requester))
        {
            authorization.SetPolicies(KundPolicies.Requester);
        }

        this.AddTestServices(app, user);
    }

    private Task<TeamEnvironment> DraftAsync(string name) =>
        app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));

    private async Task<TeamEnvironment> DestroyedAsync(string name)
    {
        var draft = await DraftAsync(name);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        await db.Database.ExecuteSqlAsync($"""update environments set "Status" = 'Destroyed' where "Id" = {draft.Id}""");
        return draft;
    }
}
