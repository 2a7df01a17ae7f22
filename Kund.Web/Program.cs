using Kund.Infrastructure;
using Kund.Web;
using Kund.Web.Commands;

try
{
    if (TokenCommand.IsInvoked(args))
    {
        return await TokenCommand.RunAsync(args);
    }

    var builder = WebApplication.CreateBuilder(args);
    builder.AddKundInfrastructure();
    builder.AddKundWeb();

    var app = builder.Build();
    app.UseKundWeb();
    app.MapKundEndpoints();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.TryDescribe(ex, out var line))
{
    // A wrong setting is the operator's to fix: one line naming it, no stack trace.
    await Console.Error.WriteLineAsync($"kund: {line}");
    return 2;
}

/// <summary>The entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
