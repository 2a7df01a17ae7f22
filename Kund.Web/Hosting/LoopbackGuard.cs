using System.Net;
using Kund.Infrastructure.Configuration;

namespace Kund.Web.Hosting;

/// <summary>
/// Sandbox mode signs anyone in with one click, so it listens on loopback only unless
/// <c>Kund:Sandbox:AllowRemote=true</c>. Checked against the configured addresses before the server starts.
/// </summary>
internal static class LoopbackGuard
{
    public static void Check(WebApplication app, KundOptions options)
    {
        if (options.ParsedMode != KundMode.Sandbox || options.Sandbox.AllowRemote)
        {
            return;
        }

        var configuration = app.Configuration;
        var urls = new List<(string Setting, string Url)>();
        urls.AddRange(app.Urls.Select(u => ("urls", u)));
        urls.AddRange(Split(configuration["urls"]).Select(u => ("ASPNETCORE_URLS", u)));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url)
            {
                urls.Add(($"Kestrel:Endpoints:{endpoint.Key}:Url", url));
            }
        }

        // ASPNETCORE_HTTP_PORTS and HTTPS_PORTS bind every interface, unless URLs are given.
        foreach (var setting in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in urls.Count > 0 ? [] : Split(configuration[setting]))
            {
                urls.Add(($"ASPNETCORE_{setting.ToUpperInvariant()}", $"http://*:{port}"));
            }
        }

        foreach (var (setting, url) in urls)
        {
            if (!IsLoopback(url))
            {
                throw new StartupConfigurationException(
                    $"{setting} listens on '{url}', beyond loopback; Sandbox mode signs anyone in as a demo user, so it serves localhost only unless Kund:Sandbox:AllowRemote=true.");
            }
        }
    }

    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static string[] Split(string? value) =>
        value?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
