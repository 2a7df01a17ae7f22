using System.Net;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Hubs;

/// <summary>
/// Who may open <c>/hubs/provisioning</c>, and for how long: the session cookie only from Kund's own origin
/// (and configured ones), bearer tokens from anywhere; revoking the token closes what it opened.
/// </summary>
public class HubConnectionAuthTests(HubAuthApp app) : IClassFixture<HubAuthApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("null")]
    public async Task Negotiate_SessionCookieFromForeignOrigin_403(string origin)
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, await HubSession.NegotiateAsync(app, session.CookieHeader, origin));
    }

    [Fact]
    public async Task Connect_SessionCookieFromForeignOrigin_Refused403()
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        await using var connection = HubSession.Connection(app, session.CookieHeader, "http://evil.example");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Connect_SessionCookieFromOwnOrigin_Connects()
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        await using var connection = HubSession.Connection(app, session.CookieHeader, session.OwnOrigin);

        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
        await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<int>("Watch", Guid.NewGuid(), 0L));
    }

    [Fact]
    public async Task WebSocket_SessionCookieFromForeignOrigin_Refused403()
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        await using var connection = HubSession.WebSocketConnection(app, session.CookieHeader, "http://evil.example");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_SessionCookieFromOwnOrigin_Connects()
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);
        await using var connection = HubSession.WebSocketConnection(app, session.CookieHeader, session.OwnOrigin);

        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Theory]
    [InlineData(HubAuthApp.PortalOrigin, null, HttpStatusCode.OK)]
    [InlineData(null, "same-origin", HttpStatusCode.OK)]
    [InlineData(null, null, HttpStatusCode.OK)]
    [InlineData(null, "cross-site", HttpStatusCode.Forbidden)]
    [InlineData(null, "same-site", HttpStatusCode.Forbidden)]
    public async Task Negotiate_SessionCookie_ConfiguredOriginOrSameOriginFetchOnly(string? origin, string? fetchSite, HttpStatusCode expected)
    {
        using var session = await HubSession.SignInAsync(app, IdentityTestSupport.Alice);

        Assert.Equal(expected, await HubSession.NegotiateAsync(app, session.CookieHeader, origin, fetchSite));
    }

    [Fact]
    public async Task Connect_BearerTokenFromForeignOrigin_Connects()
    {
        var token = await app.CreateTokenAsync(IdentityTestSupport.Alice);
        await using var connection = TokenConnection(token.Token, origin: "http://evil.example");

        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task RevokeToken_ThroughApi_ItsHubConnectionCloses()
    {
        var token = await app.CreateTokenAsync(IdentityTestSupport.Alice, name: "hub-revoke");
        var other = await app.CreateTokenAsync(IdentityTestSupport.Alice, name: "hub-keep");
        await using var revoked = TokenConnection(token.Token);
        await using var kept = TokenConnection(other.Token);
        var closed = HubSession.ClosedAsync(revoked);
        await revoked.StartAsync();
        await kept.StartAsync();

        using var api = app.CreateBearerClient(other.Token);
        using var response = await api.DeleteAsync($"/api/tokens/{token.Id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await closed.WaitAsync(Patience);
        Assert.Equal(HubConnectionState.Disconnected, revoked.State);
        Assert.Equal(HubConnectionState.Connected, kept.State);
    }

    [Fact]
    public async Task TokenRevokedOnAnotherNode_HubConnectionClosesAtTheNextRecheck()
    {
        var token = await app.CreateTokenAsync(IdentityTestSupport.Alice, name: "hub-elsewhere");
        await using var connection = TokenConnection(token.Token);
        var closed = HubSession.ClosedAsync(connection);
        await connection.StartAsync();

        // Another node's revocation: the row changes, this node hears nothing.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
            await db.Set<ApiToken>().Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, app.Time.GetUtcNow()).SetProperty(t => t.RevokedBy, "admin@kund.dev"));
        }

        Assert.Equal(HubConnectionState.Connected, connection.State);
        app.Time.Advance(TimeSpan.FromMinutes(1));

        await closed.WaitAsync(Patience);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    private HubConnection TokenConnection(string token, string? origin = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/provisioning"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                if (origin is not null)
                {
                    o.Headers["Origin"] = origin;
                }
            })
            .Build();
}
