using System.Net;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Kund.Tests.Infrastructure.Persistence;

/// <summary>Kund.Web whose application connection goes through a proxy the test can cut.</summary>
public sealed class OutageAppFactory : KundAppFactory
{
    public CuttableProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var direct = new NpgsqlConnectionStringBuilder(Database.AppConnectionString);
        Proxy = new CuttableProxy(direct.Host!, direct.Port);
        Settings["ConnectionStrings:Kund"] = new NpgsqlConnectionStringBuilder(Database.AppConnectionString) { Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3 }.ConnectionString;

        // Slow enough that the outage lands mid-way (the cluster takes ~10 s), fast enough for a test.
        Settings["Kund:Sandbox:TimeScale"] = "60";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>
/// Issue 11.3: the database goes away in the middle of provisioning and comes back; the same process
/// takes the environment to Ready, nothing duplicated, and meanwhile the API answers 503 with Retry-After
/// and /readyz says why.
/// </summary>
public class DatabaseOutageTests(OutageAppFactory app) : IClassFixture<OutageAppFactory>
{
    [Fact]
    public async Task Provisioning_DatabaseCutMidway_ResumesToReadyInTheSameProcessWithNothingDuplicated()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("outage"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "fine", CancellationToken.None));
        await WaitForAsync(draft.Id, view => view.Resources.Any(r => r.State == ResourceState.Created), "a first resource created");

        app.Proxy.Cut();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        using var client = app.CreateClient();

        // While it is gone: the API says 503 with Retry-After, problem+json; /readyz says why.
        var api = await alice.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter);
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("The database does not answer", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The outage lasts until the hosted services have come back to retry it many times.
        using (var outage = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (app.Proxy.Refused < 25)
            {
                await Task.Yield();
                await WaitForRetryAsync(outage.Token);
            }
        }

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");
        app.Proxy.Restore();

        var done = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(120), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, done.Status);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");

        // One cloud resource per node: nothing created twice.
        var tagged = app.Services.GetRequiredService<SandboxCloud>().Inventory()
            .Where(i => i.Tags.TryGetValue("kund:environment", out var environment) && environment == draft.Id.ToString())
            .GroupBy(i => i.Tags.GetValueOrDefault("kund:resource") ?? i.Id)
            .ToList();
        Assert.All(tagged, g => Assert.Single(g));
        Assert.Equal(
            done.Resources.Where(r => r.Kind != ResourceKind.IamRolePolicyAttachment).Select(r => r.CloudId).Order(),
            tagged.Select(g => g.Single().Id).Where(id => done.Resources.Any(r => r.CloudId == id)).Order());

        // No audit row or progress sequence twice.
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var duplicates = new NpgsqlCommand(
            $"""
            select (select count(*) from (select "Subject" from audit_events where "EnvironmentId" = '{draft.Id}' and "Action" = 'resource.created' group by "Subject" having count(*) > 1) d),
                   (select count(*) from audit_events where "EnvironmentId" = '{draft.Id}' and "Action" = 'environment.ready'),
                   (select count(*) - count(distinct "Sequence") from progress_events where "EnvironmentId" = '{draft.Id}')
            """,
            connection);
        await using var reader = await duplicates.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((0L, 1L, 0L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));

        // And the API is back.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
    }

    private async Task WaitForAsync(Guid id, Func<EnvironmentView, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Carol, id, CancellationToken.None));
            if (condition(view))
            {
                return;
            }

            Assert.False(timeout.IsCancellationRequested, $"timed out waiting for {what}; the environment is {view.Status}");
            await WaitForRetryAsync(CancellationToken.None);
        }
    }

    // Polls the way the rest of the suite does (KundAppFactoryExtensions.WaitForStatusAsync).
    private static Task WaitForRetryAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
}
