using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kund.Tests.Web.Hubs;

/// <summary>A SignalR client watching an environment gets every event once and in order, across reconnects.</summary>
public class ProvisioningHubTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Watch_ThroughFullProvisioning_EveryEventOnceInOrder()
    {
        var id = await SubmitAsync("hub-full");
        await using var watcher = await WatcherAsync(IdentityTestSupport.Alice);
        var caughtUp = await watcher.Connection.InvokeAsync<int>("Watch", id, 0L);
        Assert.Equal(2, caughtUp); // draft created, submitted

        await ApproveAsync(id);
        await watcher.Ready.WaitAsync(Patience);

        var stored = await EventsAsync(id);
        Assert.Equal(stored.Select(e => e.Sequence), watcher.Sequences);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), watcher.Sequences);
        Assert.True(stored.Count > 40, $"only {stored.Count} events");
    }

    [Fact]
    public async Task Watch_AgainAfterDisconnectMidway_FromLastSeqWithoutGapsOrDuplicates()
    {
        var id = await SubmitAsync("hub-reconnect");
        var seen = new List<long>();
        await using (var first = await WatcherAsync(IdentityTestSupport.Alice, stopAfterSeq: 12))
        {
            await first.Connection.InvokeAsync<int>("Watch", id, 0L);
            await ApproveAsync(id);
            await first.Stopped.WaitAsync(Patience);
            await first.Connection.StopAsync();
            seen.AddRange(first.Sequences);
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), seen);

        // Events go on meanwhile; the new connection catches up on them, then follows live.
        await using var second = await WatcherAsync(IdentityTestSupport.Alice);
        await second.Connection.InvokeAsync<int>("Watch", id, seen[^1]);
        await second.Ready.WaitAsync(Patience);
        seen.AddRange(second.Sequences);

        var stored = await EventsAsync(id);
        Assert.Equal(stored.Select(e => e.Sequence), seen);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Watch_EventCommittedWhileListenerReconnects_CaughtUpWithoutWaitingForTheNext()
    {
        var id = await SubmitAsync("hub-listener-lost");
        await using var watcher = await WatcherAsync(IdentityTestSupport.Alice, stopAfterSeq: 3);
        Assert.Equal(2, await watcher.Connection.InvokeAsync<int>("Watch", id, 0L));

        // Cut the node's LISTEN connection, then commit the environment's last event before it is back.
        await using (var connection = new Npgsql.NpgsqlConnection(app.Database.AppConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
                connection);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CancelAsync(Callers.Alice, id, CancellationToken.None));

        await watcher.Stopped.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1L, 2L, 3L], watcher.Sequences);
    }

    [Fact]
    public async Task Watch_OtherTeamsEnvironment_HubExceptionAndNothingSent()
    {
        var id = await SubmitAsync("hub-hidden");
        await using var bob = await WatcherAsync(IdentityTestSupport.Bob);

        var error = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync<int>("Watch", id, 0L));

        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(bob.Sequences);
    }

    [Fact]
    public async Task Watch_UnknownEnvironment_HubException()
    {
        await using var alice = await WatcherAsync(IdentityTestSupport.Alice);

        await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync<int>("Watch", Guid.NewGuid(), 0L));
    }

    private async Task<Guid> SubmitAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        return draft.Id;
    }

    private Task<TeamEnvironment> ApproveAsync(Guid id) =>
        app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, id, null, CancellationToken.None));

    private Task<IReadOnlyList<ProgressEvent>> EventsAsync(Guid id) =>
        app.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));

    private Task<HubWatcher> WatcherAsync(string email, long? stopAfterSeq = null) => HubWatcher.ConnectAsync(app, email, stopAfterSeq);
}
