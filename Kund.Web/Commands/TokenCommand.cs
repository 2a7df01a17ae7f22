using System.Globalization;
using Kund.Infrastructure;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;

namespace Kund.Web.Commands;

/// <summary>
/// <c>token create --user &lt;email&gt; [--name &lt;label&gt;] [--expires-in-days N]</c>: bootstrap and CI get a
/// token without a browser. Same configuration as the server; applies migrations; never starts the server.
/// The token alone goes to stdout; everything else (logs, errors) to stderr.
/// </summary>
internal static class TokenCommand
{
    public const int UsageError = 64;
    public const int Failure = 1;

    private const string Usage = "usage: token create --user <email> [--name <label>] [--expires-in-days N]";

    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == "token";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var request, out var rest, out var error))
        {
            await Console.Error.WriteLineAsync($"kund: {error}");
            await Console.Error.WriteLineAsync(Usage);
            return UsageError;
        }

        var builder = WebApplication.CreateBuilder(rest);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddKundInfrastructure();
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KundOptions>>().Value;

        await app.Services.GetRequiredService<SchemaMigrations>().ApplyAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        if (options.ParsedMode == KundMode.Sandbox)
        {
            await ActivatorUtilities.CreateInstance<SandboxUserSeeder>(scope.ServiceProvider).StartAsync(CancellationToken.None);
        }

        var account = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindByEmailAsync(request.User, CancellationToken.None);
        if (account is null)
        {
            await Console.Error.WriteLineAsync($"kund: no user '{request.User}'; users exist once they have signed in (or are Sandbox demo users).");
            return Failure;
        }

        try
        {
            var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
                .CreateAsync(KundUser.FromAccount(account), "cli", request.Name, request.ExpiresInDays, CancellationToken.None);
            await Console.Out.WriteLineAsync(created.Token);
            return 0;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"kund: {ex.Message.Split(Environment.NewLine)[0]}");
            return UsageError;
        }
    }

    private sealed record Request(string User, string? Name, int? ExpiresInDays);

    private static bool TryParse(string[] args, out Request request, out string[] rest, out string error)
    {
        request = new Request("", null, null);
        rest = [];
        if (args is not ["token", "create", ..])
        {
            error = args.Length > 1 ? $"unknown token command '{args[1]}'" : "missing token command";
            return false;
        }

        string? user = null, name = null;
        int? days = null;
        var others = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--user" or "--name" or "--expires-in-days")
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{option} needs a value";
                    return false;
                }

                var value = args[++i];
                switch (option)
                {
                    case "--user":
                        user = value;
                        break;
                    case "--name":
                        name = value;
                        break;
                    default:
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                        {
                            error = $"--expires-in-days is '{value}'; expected a whole number of days, at least 1";
                            return false;
                        }

                        days = parsed;
                        break;
                }
            }
            else
            {
                // Anything else is configuration (--ConnectionStrings:Kund=…), as for the server.
                others.Add(option);
            }
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            error = "--user is required";
            return false;
        }

        request = new Request(user, name, days);
        rest = [.. others];
        error = "";
        return true;
    }
}
