using Kund.Infrastructure;
using Kund.Infrastructure.Configuration;
using Kund.Domain;
using Kund.Web.Api;
using Kund.Web.Components;
using Kund.Web.Components.Pages;
using Kund.Web.Components.Pages.Environments;
using Kund.Web.Health;
using Kund.Web.Hosting;
using Kund.Web.Hubs;
using Kund.Web.Identity;
using Kund.Web.Observability;
using Kund.Web.Sandbox;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Kund.Web;

/// <summary>The web half of the composition root: pages, API, hub, health, telemetry.</summary>
public static class WebServiceCollectionExtensions
{
    public static WebApplicationBuilder AddKundWeb(this WebApplicationBuilder builder)
    {
        // The Server header only tells a scanner which server and version to try.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Toasts at the bottom left, clear of the page's action buttons at the top right and the wizard's at the bottom right.
        builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        // The layout reads the theme cookie while prerendering.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => CopyJsonOptions(json.SerializerOptions));
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kund API";
            document.Info.Description = "Self-service AWS environments: drafts, plans, approvals, progress, inventory and audit. Authenticate with `Authorization: Bearer <token>` (profile page or `token create`).";
            return Task.CompletedTask;
        }));
        builder.Services.AddSignalR().AddJsonProtocol(json => CopyJsonOptions(json.PayloadSerializerOptions));
        builder.Services.AddSingleton<WatchRegistry>();
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddHostedService<HubCredentialRecheck>();
        builder.Services.AddHostedService<HubProgressRelay>();
        builder.Services.AddScoped<KundServices>();
        builder.Services.AddSingleton<LiveReads>();
        builder.AddKundIdentity(builder.KundModeOf());
        builder.AddKundApiProtection();
        builder.AddKundTelemetry();
        return builder;
    }

    public static WebApplication UseKundWeb(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<KundOptions>>().Value;
        LoopbackGuard.Check(app, options);
        app.Use(SecurityHeaders.Create(options, app.Services.GetRequiredService<AuthSettings>()).InvokeAsync);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        if (options.ParsedMode == KundMode.Aws && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseKundDatabaseOutage();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseKundIdentity(options);
        app.UseKundApiProtection();
        app.UseKundAntiforgery();
        return app;
    }

    public static WebApplication MapKundEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<KundOptions>>().Value;
        app.MapKundHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        app.MapStaticAssets();
        app.MapKundAccount(options);
        app.MapSandboxAws(options);
        app.MapKundApi();
        app.MapAuditDownload();
        app.MapKubeconfigDownload();
        app.MapTerraformDownload();
        app.MapHub<ProvisioningHub>(ProvisioningHub.Path);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>api.md's JSON: camelCase, enums by their contract names (the same options storage uses).</summary>
    private static void CopyJsonOptions(System.Text.Json.JsonSerializerOptions target)
    {
        target.PropertyNamingPolicy = KundJson.Options.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = KundJson.Options.PropertyNameCaseInsensitive;
        target.MaxDepth = KundJson.Options.MaxDepth;
        target.NumberHandling = KundJson.Options.NumberHandling;
    }

    /// <summary>A browsable reference of the OpenAPI document at <c>/api-docs</c>, served from Kund itself (no CDN, no telemetry).</summary>
    private static void MapApiReference(this WebApplication app) =>
        app.MapScalarApiReference(ApiDocsPath, reference => reference
                .WithTitle("Kund API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                // Kund's reference, not a storefront: no developer toolbar (share, SDKs, deploy) and no "open in Scalar's client".
                .HideDeveloperTools()
                .HideClientButton()
                // The sidebar's "Powered by Scalar" link.
                .WithCustomCss("a[href*='scalar.com'] { display: none !important; }"))
            .AllowAnonymous();

    public const string ApiDocsPath = "/api-docs";
}
