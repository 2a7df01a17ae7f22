using System.Security.Claims;
using Bunit;
using Kund.Domain.Teams;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Web.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// bUnit set-up for the dashboard's pages: loose JS interop, MudBlazor without the popover-provider check,
/// and the real services of a <see cref="KundAppFactory"/> (PostgreSQL, sandbox catalog, broadcaster)
/// reached through <see cref="KundServices"/> as a signed-in user.
/// </summary>
public static class PageTestServices
{
    public static KundUser Alice { get; } = new(Guid.NewGuid(), "alice@kund.dev", "Alice Andersson", ["team-a"], [KundRoles.Requester]);

    public static KundUser Carol { get; } = new(Guid.NewGuid(), "carol@kund.dev", "Carol Carlsson", [], [KundRoles.Approver]);

    /// <summary>A requester of team-a who is also an approver: four-eyes must still keep them from approving their own request.</summary>
    public static KundUser Erin { get; } = new(Guid.NewGuid(), "erin@kund.dev", "Erin Eriksson", ["team-a"], [KundRoles.Requester, KundRoles.Approver]);

    public static BunitContext AddTestServices(this BunitContext context, KundAppFactory app, KundUser user)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        context.Services.AddLogging();
        context.Services.AddSingleton(app.Services.GetRequiredService<ICloudCatalog>());
        context.Services.AddSingleton(app.Services.GetRequiredService<ProgressBroadcaster>());
        context.Services.AddSingleton(app.Services.GetRequiredService<LiveReads>());
        context.Services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        context.Services.AddSingleton(app.Services.GetRequiredService<ITeamPolicies>());
        context.Services.AddSingleton<AuthenticationStateProvider>(new SignedIn(user.ToPrincipal("test")));
        context.Services.AddScoped(sp => new KundServices(
            app.Services.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(),
            sp.GetRequiredService<ICloudCatalog>()));
        return context;
    }

    /// <summary>The input of a MudBlazor field marked with <c>data-testid</c>, wherever MudBlazor puts the attribute.</summary>
    public static AngleSharp.Dom.IElement Field<T>(this IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Fields(testId)[0];

    /// <summary>Every input of the MudBlazor fields marked with <c>data-testid</c> (a column of a table, say).</summary>
    public static IReadOnlyList<AngleSharp.Dom.IElement> Fields<T>(this IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea");

    /// <summary>
    /// Clicks the button marked with <c>data-testid</c> once it is enabled, as a person would: MudBlazor ignores a
    /// click on a disabled button (the wizard's, while it checks or previews), and a test that clicked it anyway
    /// would wait for something that never comes. Found and clicked inside the renderer's dispatcher, so that no
    /// render can slip between them and retire the handler.
    /// </summary>
    public static async Task ClickAsync<T>(this IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        cut.WaitForAssertion(() => Assert.False(cut.Find($"[data-testid={testId}]").HasAttribute("disabled"), $"{testId} stayed disabled"), TimeSpan.FromSeconds(10));
        await cut.InvokeAsync(() => cut.Find($"[data-testid={testId}]").Click());
    }

    /// <summary>The wizard's Next, then its next step (marked <paramref name="step"/>) shown.</summary>
    public static async Task GoNextAsync<T>(this IRenderedComponent<T> cut, string step)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        await cut.ClickAsync("next");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid={step}]")), TimeSpan.FromSeconds(10));
    }

    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
