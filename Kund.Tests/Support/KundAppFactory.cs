using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kund.Tests.Support;

/// <summary>
/// Kund.Web in Sandbox mode over its own fresh database: one per test class
/// (<c>IClassFixture&lt;KundAppFactory&gt;</c>). Settings can be added before first use.
/// </summary>
public class KundAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Kund:Mode"] = "Sandbox",
        ["Kund:Sandbox:TimeScale"] = "600",
        ["Kund:Sandbox:IamReadAfterWriteWindow"] = "00:00:05",
        ["Kund:Audit:Key"] = "kund-tests/the audit key of the test host, 32+ bytes",
        // Checks only when asked for: scheduled drift checks would add read calls to tests that count them.
        ["Kund:Drift:Scheduled"] = "false",
    };

    public TestDatabase Database => database;

    public virtual async Task InitializeAsync() => await database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the static web assets (Blazor's script, MudBlazor's files) come from a publish
        // folder; tests run from the build output, so point at the build's manifest as Development does.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Kund", database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:KundMigrations", database.ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
