using Kund.Infrastructure;
using Kund.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kund.Bench.Support;

/// <summary>
/// Kund.Web as <c>Program</c> composes it (<c>AddKundInfrastructure</c>, <c>AddKundWeb</c>), in Sandbox mode,
/// on its own database and a Kestrel loopback port, with extra settings and services for one measurement.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public IServiceProvider Services => _app.Services;

    public Uri Address { get; }

    public static async Task<BenchHost> StartAsync(
        BenchDatabase database,
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Kund.Web's name, so its Razor components and static web assets are found as in the tests.
            ApplicationName = typeof(WebServiceCollectionExtensions).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Standard output carries the report (and the fan-out server's line protocol); what Kund logs goes to standard error.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Kund"] = database.ConnectionString,
            ["Kund:Mode"] = "Sandbox",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKundInfrastructure();
        builder.AddKundWeb();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseKundWeb();
        app.MapKundEndpoints();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new BenchHost(app, new Uri(addresses.Addresses.First()));
    }

    public async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
