using System.Collections.Concurrent;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Kund.Web.Hubs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Hubs;

/// <summary>
/// The relay sends a live event in one call to every watcher already caught up (serialised once), and each
/// watcher still gets every event once and in order when others join midway and catch up from the store.
/// The hub context is wrapped to count the relay's sends by kind.
/// </summary>
public class ProgressRelayBatchTests(ProgressRelayBatchTests.CountingHubApp app) : IClassFixture<ProgressRelayBatchTests.CountingHubApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Provision_ThreeWatchersCaughtUpAndTwoJoiningMidway_EveryEventOnceInOrder_LiveEventsInOneSendToTheCaughtUp()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("relay-batch"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        var early = new List<HubWatcher>();
        var late = new List<HubWatcher>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var watcher = await HubWatcher.ConnectAsync(app, IdentityTestSupport.Alice);
                Assert.Equal(2, await watcher.Connection.InvokeAsync<int>("Watch", draft.Id, 0L));
                early.Add(watcher);
            }

            app.Counter.Reset();
            await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));

            // Two more join while it runs, from the start: their backlog comes under their own lock while live events go on.
            using (var patience = new CancellationTokenSource(Patience))
            {
                while (early[0].Sequences.Count < 12)
                {
                    await Task.Delay(20, patience.Token);
                }
            }

            for (var i = 0; i < 2; i++)
            {
                var watcher = await HubWatcher.ConnectAsync(app, IdentityTestSupport.Alice);
                await watcher.Connection.InvokeAsync<int>("Watch", draft.Id, 0L);
                late.Add(watcher);
            }

            foreach (var watcher in early.Concat(late))
            {
                await watcher.Ready.WaitAsync(Patience);
            }

            var stored = await app.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, draft.Id, 0, CancellationToken.None));
            var expected = Enumerable.Range(1, stored.Count).Select(i => (long)i).ToList();
            Assert.True(stored.Count > 40, $"only {stored.Count} events");
            Assert.All(early.Concat(late), watcher => Assert.Equal(expected, watcher.Sequences));

            // Every live event after the approval reached the three early watchers; nearly all in sends to several at once.
            var (batches, batchedDeliveries, single) = app.Counter.Progress();
            var liveEvents = stored.Count - 2;
            Assert.True(batches.Any(ids => early.All(w => ids.Contains(w.Connection.ConnectionId!))), "no send carried all three caught-up watchers");
            Assert.True(batchedDeliveries >= 3 * liveEvents * 9 / 10, $"{batchedDeliveries} batched deliveries, {single} single, {liveEvents} live events");
        }
        finally
        {
            foreach (var watcher in early.Concat(late))
            {
                await watcher.DisposeAsync();
            }
        }
    }

    /// <summary>Kund with its hub context wrapped to count sends.</summary>
    public sealed class CountingHubApp : KundAppFactory
    {
        public SendCounter Counter { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                // SignalR registers IHubContext<> as an open generic; a closed registration for this hub wins over it.
                var open = services.Last(s => s.ServiceType == typeof(IHubContext<>)).ImplementationType!;
                var real = open.MakeGenericType(typeof(ProvisioningHub));
                services.AddSingleton<IHubContext<ProvisioningHub>>(provider =>
                    new CountingHubContext((IHubContext<ProvisioningHub>)ActivatorUtilities.CreateInstance(provider, real), Counter));
            });
        }
    }

    /// <summary>The relay's progress sends: those to a list of connections (with their ids) and those to one.</summary>
    public sealed class SendCounter
    {
        private ConcurrentQueue<IReadOnlyList<string>> batches = new();
        private int single;

        public void Reset()
        {
            batches = new();
            Interlocked.Exchange(ref single, 0);
        }

        internal void Batch(IReadOnlyList<string> ids) => batches.Enqueue(ids);

        internal void Single() => Interlocked.Increment(ref single);

        public (IReadOnlyList<IReadOnlyList<string>> Batches, int BatchedDeliveries, int Single) Progress() =>
            ([.. batches], batches.Sum(b => b.Count), Volatile.Read(ref single));
    }

    private sealed class CountingHubContext(IHubContext<ProvisioningHub> inner, SendCounter counter) : IHubContext<ProvisioningHub>
    {
        public IHubClients Clients { get; } = new CountingClients(inner.Clients, counter);

        public IGroupManager Groups => inner.Groups;
    }

    private sealed class CountingClients(IHubClients inner, SendCounter counter) : IHubClients
    {
        public IClientProxy All => inner.All;

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => inner.AllExcept(excludedConnectionIds);

        public IClientProxy Client(string connectionId) => new CountingProxy(inner.Client(connectionId), counter.Single);

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => new CountingProxy(inner.Clients(connectionIds), () => counter.Batch(connectionIds));

        public IClientProxy Group(string groupName) => inner.Group(groupName);

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => inner.GroupExcept(groupName, excludedConnectionIds);

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => inner.Groups(groupNames);

        public IClientProxy User(string userId) => inner.User(userId);

        public IClientProxy Users(IReadOnlyList<string> userIds) => inner.Users(userIds);
    }

    private sealed class CountingProxy(IClientProxy inner, Action counted) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            if (method == ProvisioningHub.ProgressMessageName)
            {
                counted();
            }

            return inner.SendCoreAsync(method, args, cancellationToken);
        }
    }
}
