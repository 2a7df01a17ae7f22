using System.Net;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kund.Tests.Web.Hubs;

/// <summary>A browser-like session: signed in through the form, its cookie readable so that a test can copy it.</summary>
internal sealed class HubSession(KundAppFactory app, HttpClient client, CookieContainer cookies) : IDisposable
{
    public HttpClient Client => client;

    /// <summary>The <c>Cookie</c> header a browser would send to Kund now.</summary>
    public string CookieHeader => cookies.GetCookieHeader(app.Server.BaseAddress);

    /// <summary>Kund's own origin as the test server answers it.</summary>
    public string OwnOrigin => app.Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    public static async Task<HubSession> SignInAsync(KundAppFactory app, string email)
    {
        var cookies = new CookieContainer();
        var client = app.CreateDefaultClient(app.Server.BaseAddress, new CookieContainerHandler(cookies));
        using var response = await IdentityTestSupport.SignInAsync(client, email, "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new HubSession(app, client, cookies);
    }

    /// <summary>A hub connection over long polling that sends <paramref name="cookieHeader"/> and, when given, <paramref name="origin"/>.</summary>
    public static HubConnection Connection(KundAppFactory app, string cookieHeader, string? origin) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/provisioning"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookieHeader;
                if (origin is not null)
                {
                    o.Headers["Origin"] = origin;
                }
            })
            .Build();

    /// <summary>A hub connection straight over a WebSocket (no negotiate), as a browser's page opens it.</summary>
    public static HubConnection WebSocketConnection(KundAppFactory app, string cookieHeader, string origin)
    {
        var sockets = app.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request =>
        {
            request.Headers.Cookie = cookieHeader;
            request.Headers.Origin = origin;
        };
        return new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/provisioning"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, cancellationToken) => await sockets.ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
    }

    /// <summary>The negotiate request a browser's SignalR client makes first.</summary>
    public static async Task<HttpStatusCode> NegotiateAsync(KundAppFactory app, string cookieHeader, string? origin, string? fetchSite = null)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/provisioning/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookieHeader);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Completes when <paramref name="connection"/> closes.</summary>
    public static Task ClosedAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    public void Dispose() => client.Dispose();
}
