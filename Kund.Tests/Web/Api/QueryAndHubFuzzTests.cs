using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kund.Tests.Support;
using Kund.Tests.Web.Hubs;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kund.Tests.Web.Api;

/// <summary>
/// The fuzzing of <see cref="ApiFuzzTests"/> for the other two ways in: query strings on every GET route
/// that takes parameters, and the hub's methods. Never a 500, never an exception the server logs as an error.
/// </summary>
public class QueryAndHubFuzzTests(CapturingApp app) : IClassFixture<CapturingApp>
{
    /// <summary>Every GET route that takes query parameters, with its parameters.</summary>
    private static readonly (string Route, string[] Parameters)[] QueryRoutes =
    [
        ("/api/environments", ["status", "team", "cursor", "limit"]),
        ("/api/environments/{id}/events", ["after"]),
        ("/api/resources", ["team", "kind", "state"]),
        ("/api/audit", ["environmentId", "team", "actor", "action", "from", "to", "cursor", "limit"]),
        ("/api/audit/export", ["environmentId", "team", "actor", "action", "from", "to"]),
        ("/api/kubernetes-versions", ["region"]),
    ];

    /// <summary>Values that break parsers, databases and encoders (C# escapes, unescaped before sending).</summary>
    private static readonly string[] HostileValues =
    [
        @"\u0000", @"a\u0000b", @"\u0001\u001f", "", " ", ",", "Draft,", ",Ready", "Draft,Ready,Draft", "Draft, Ready", "draft", "3", "-1", "0", "1e9",
        "99999999999999999999", "-9223372036854775809", "0x10", "NaN", "Infinity", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}",
        "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-13-45T25:61:00Z", "2026-11-25T00:00:00+09:00", "2026-11-25", "yesterday",
        "'; drop table audit_events; --", "%", "%zz", @"\ud83d\ude42", "<script>", "../../etc/passwd", "Vpc,Subnet", "Created|Deleted",
        new('x', 5000), new('€', 3000),
    ];

    public static TheoryData<string> Routes() => [.. QueryRoutes.Select(r => r.Route)];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Get_HostileQueryStrings_NeverServerError(string route)
    {
        var parameters = QueryRoutes.Single(r => r.Route == route).Parameters;
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments($"fq-{parameters.Length}-{route.Length}")), 201);
        var path = route.Replace("{id}", (string)draft["id"]!, StringComparison.Ordinal);
        var values = HostileValues.Select(Regex.Unescape).ToArray();
        var failures = new List<string>();
        foreach (var client in new[] { alice, dave })
        {
            foreach (var parameter in parameters)
            {
                foreach (var value in values)
                {
                    await CheckAsync(client, $"{path}?{parameter}={Uri.EscapeDataString(value)}", parameter, value.Contains('\0', StringComparison.Ordinal), failures);
                }
            }

            // Every parameter at once.
            var random = new Random(20261201);
            for (var i = 0; i < 30; i++)
            {
                var query = path + "?" + string.Join('&', parameters.Select(p => $"{p}={Uri.EscapeDataString(values[random.Next(values.Length)])}"));
                await CheckAsync(client, query, parameter: null, mustRefuse: false, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Fact]
    public async Task Hub_MalformedArguments_HubErrorOrCleanCloseNeverAnUnhandledException()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("fz-hub")), 201);
        var id = Guid.Parse((string)draft["id"]!);
        var logged = app.Logs.Count;
        object?[][] watch =
        [
            [], [id], [null, 0L], [id, null], [null, null], ["not-a-guid", 0L], ["\0", 0L], [id + "\0", 0L],
            [id, "0"], [id, "\0"], [id, 1e300], [id, "NaN"], [id, -1L], [id, long.MinValue], [id, long.MaxValue],
            [id, 1.5], [id, true], [id, new { seq = 1 }], [new[] { id }, 0L], [id, 0L, "extra"], [Guid.Empty, 0L],
            [Guid.NewGuid(), 0L], [12345, 0L], [new string('x', 100_000), 0L],
        ];
        object?[][] unwatch = [[], [null], ["\0"], [id, id], [42], [Guid.Empty], [Guid.NewGuid()]];
        var calls = watch.Select(a => ("Watch", a))
            .Concat(unwatch.Select(a => ("Unwatch", a)))
            .Append(("NoSuchMethod", [id]))
            .Append(("OnConnectedAsync", []))
            .ToList();

        var failures = new List<string>();
        var watcher = await HubWatcher.ConnectAsync(app, IdentityTestSupport.Alice);
        try
        {
            foreach (var (method, arguments) in calls)
            {
                if (!await CallAsync(watcher, method, arguments, failures))
                {
                    // Closed by the server (a message over the size limit): allowed, if it was clean. Go on anew.
                    await watcher.DisposeAsync();
                    watcher = await HubWatcher.ConnectAsync(app, IdentityTestSupport.Alice);
                }
            }

            // Still a working hub: a proper Watch catches up on the draft's one event.
            Assert.Equal(1, await watcher.Connection.InvokeAsync<int>("Watch", id, 0L));
        }
        finally
        {
            await watcher.DisposeAsync();
        }

        // SignalR logs every error a hub method answers with, the deliberate HubException included; anything else is a fault.
        var errors = app.Logs.Skip(logged)
            .Where(line => line.Contains(" Error: ", StringComparison.Ordinal) || line.Contains(" Critical: ", StringComparison.Ordinal))
            .Where(line => !line.Contains("Failed to invoke hub method", StringComparison.Ordinal) || !line.Contains(" Microsoft.AspNetCore.SignalR.HubException: ", StringComparison.Ordinal));
        Assert.True(failures.Count == 0 && !errors.Any(), string.Join(Environment.NewLine, failures.Concat(errors.Select(l => l[..Math.Min(l.Length, 600)])).Take(20)));
    }

    private static async Task CheckAsync(HttpClient client, string query, string? parameter, bool mustRefuse, List<string> failures)
    {
        using var response = await client.GetAsync(query);
        var text = await response.Content.ReadAsStringAsync();
        var shown = $"{query[..Math.Min(query.Length, 160)]} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}";
        if ((int)response.StatusCode >= 500)
        {
            failures.Add(shown);
        }
        else if (response.StatusCode == HttpStatusCode.BadRequest && parameter is not null && JsonNode.Parse(text)?["errors"]?[parameter] is null)
        {
            failures.Add($"not keyed by {parameter}: {shown}");
        }
        else if (mustRefuse && response.StatusCode != HttpStatusCode.BadRequest)
        {
            failures.Add($"a NUL is a 400: {shown}");
        }
    }

    /// <returns>False when the server closed the connection.</returns>
    private static async Task<bool> CallAsync(HubWatcher watcher, string method, object?[] arguments, List<string> failures)
    {
        var label = $"{method}({string.Join(", ", arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) is { } text ? text[..Math.Min(text.Length, 40)] : "null"))})";
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await watcher.Connection.InvokeCoreAsync(method, typeof(object), arguments, patience.Token);
        }
        catch (HubException)
        {
            // The answer a client should get: an error for this call.
        }
        catch (Exception) when (watcher.Connection.State != HubConnectionState.Connected)
        {
            // The server closed the connection; the caller reconnects.
        }
        catch (Exception ex)
        {
            failures.Add($"{label}: {ex.GetType().Name} {ex.Message}");
        }

        return watcher.Connection.State == HubConnectionState.Connected;
    }
}
