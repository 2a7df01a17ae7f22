using Kund.Web.Components;
using Kund.Web.Health;
using Kund.Web.Observability;
using MudBlazor.Services;

namespace Kund.Web;

/// <summary>The web half of the composition root: pages, API, hub, health, telemetry.</summary>
public static class WebServiceCollectionExtensions
{
    public static WebApplicationBuilder AddKundWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddKundTelemetry();
        return builder;
    }

    public static WebApplication UseKundWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapKundEndpoints(this WebApplication app)
    {
        app.MapKundHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
