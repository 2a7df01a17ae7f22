using System.Net;
using System.Net.Http.Json;
using Kund.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Kund.Tests.Web.Identity.IdentityTestSupport;

namespace Kund.Tests.Web.Identity;

public class TokenLifecycleTests(CapturingApp app) : IClassFixture<CapturingApp>
{
    [Fact]
    public async Task Bearer_NewToken_ApiMeNamesTheOwner()
    {
        var created = await app.CreateTokenAsync(Alice);
        using var client = app.CreateBearerClient(created.Token);

        var me = await client.GetFromJsonAsync<TokenMe>("/api/me");

        Assert.Equal(Alice, me!.Email);
        Assert.Equal(["team-a"], me.Teams);
        Assert.Equal([KundRoles.Requester], me.Roles);
        Assert.Matches("^kund_pat_[A-Za-z0-9_-]{43}$", created.Token);
    }

    [Fact]
    public async Task Bearer_ExpiredToken_401()
    {
        var created = await app.CreateTokenAsync(Bob, expiresInDays: 1);
        using var client = app.CreateBearerClient(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        app.Time.Advance(TimeSpan.FromDays(1));

        using var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_RevokedToken_401AndListedAsRevoked()
    {
        var created = await app.CreateTokenAsync(Dave, name: "to-revoke");
        using var client = app.CreateBearerClient(created.Token);
        using var other = app.CreateBearerClient((await app.CreateTokenAsync(Dave, name: "keeper")).Token);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/tokens/{created.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var list = await other.GetFromJsonAsync<TokenListView>("/api/tokens");
        Assert.Equal(nameof(ApiTokenStatus.Revoked), list!.Items.Single(t => t.Id == created.Id).Status);
    }

    [Fact]
    public async Task Admin_RevokesSomeoneElsesToken_TheyLoseAccess()
    {
        var alices = await app.CreateTokenAsync(Alice, name: "leaked");
        using var admin = app.CreateBearerClient((await app.CreateTokenAsync(Admin)).Token);
        var all = await admin.GetFromJsonAsync<TokenListView>("/api/admin/tokens");
        Assert.Contains(all!.Items, t => t.Id == alices.Id && t.Owner == Alice);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{alices.Id}")).StatusCode);

        using var alice = app.CreateBearerClient(alices.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Database_AfterCreate_HoldsOnlyTheHash()
    {
        var created = await app.CreateTokenAsync(Carol, name: "hash-only");

        var rows = new List<string>();
        await using (var connection = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select row_to_json(t)::text from api_tokens t union all select row_to_json(a)::text from audit_events a", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        var secret = created.Token["kund_pat_".Length..];
        Assert.All(rows, row => Assert.DoesNotContain(secret[4..], row, StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Contains(ApiTokenFormat.Hash(created.Token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LastUsed_ManyCalls_WrittenAtMostOncePerMinute()
    {
        var created = await app.CreateTokenAsync(Carol, name: "busy");
        using var client = app.CreateBearerClient(created.Token);

        await client.GetAsync("/api/me");
        var first = await LastUsedAsync(created.Id);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("/api/me");
        var second = await LastUsedAsync(created.Id);
        app.Time.Advance(TimeSpan.FromSeconds(31));
        await client.GetAsync("/api/me");
        var third = await LastUsedAsync(created.Id);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Equal(first + TimeSpan.FromSeconds(61), third);
    }

    [Theory]
    [InlineData("kund_pat_")]
    [InlineData("kund_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("kund_pat_\u0001\u0002")]
    public async Task Bearer_UnknownOrMalformed_401(string token)
    {
        using var client = app.CreateBearerClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccessTokenQuery_OutsideHubs_NotAccepted()
    {
        var created = await app.CreateTokenAsync(Alice);
        using var client = app.CreateBearerClient(null);

        using var response = await client.GetAsync($"/api/me?access_token={created.Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logs_AfterTokenUseAndFailures_NeverContainTokenText()
    {
        var created = await app.CreateTokenAsync(Alice, name: "logged?");
        using var client = app.CreateBearerClient(created.Token);
        await client.GetAsync("/api/me");
        await client.GetAsync("/api/admin/tokens");
        using var anonymous = app.CreateBearerClient(null);
        await anonymous.GetAsync($"/api/me?access_token={created.Token}");
        await anonymous.GetAsync($"/hubs/provisioning?access_token={created.Token}");
        using var wrong = app.CreateBearerClient(created.Token[..^2] + "xx");
        await wrong.GetAsync("/api/me");

        var secret = created.Token["kund_pat_".Length..];
        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains(secret[4..], StringComparison.Ordinal) || line.Contains(secret[4..^2], StringComparison.Ordinal));
    }

    private async Task<DateTimeOffset?> LastUsedAsync(Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<ApiTokens>().ListAllAsync(CancellationToken.None);
        return tokens.Single(t => t.Id == id).LastUsedAt;
    }

    private sealed record TokenMe(string Email, string DisplayName, string[] Teams, string[] Roles);

    private sealed record TokenListView(TokenItem[] Items);

    private sealed record TokenItem(Guid Id, string Owner, string Name, string Status);
}
