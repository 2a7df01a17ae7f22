using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Progress;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kund.Tests.Web.Hubs;

/// <summary>Another Kund.Web node over the first node's database and cloud, as a second replica would run.</summary>
public sealed class SecondNode(KundAppFactory first) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Kund", first.Database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:KundMigrations", first.Database.ConnectionString);
        foreach (var (key, value) in first.Settings)
        {
            builder.UseSetting(key, value);
        }

        var cloud = first.Services.GetRequiredService<SandboxCloud>();
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<SandboxCloud>();
            services.AddSingleton(cloud);
        });
    }
}

/// <summary>Two nodes, each with a worker, a listener and a hub, over one PostgreSQL.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public TwoNodes()
    {
        ManualWorkerApp.FastSettings(First.Settings);
        Second = new SecondNode(First);
    }

    public KundAppFactory First { get; } = new();

    public SecondNode Second { get; }

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        _ = First.Server;
        _ = Second.Server;
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await ((IAsyncLifetime)First).DisposeAsync();
    }
}

/// <summary>
/// Scale-out: jobs are shared between the nodes' workers and run once; a watcher on either node sees
/// every event, whichever node's worker wrote it (PostgreSQL NOTIFY reaches every listener).
/// </summary>
public class TwoNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task Provision_FourEnvironmentsOnTwoNodes_EachJobOnceAndWatchersOnBothNodesSeeEveryEvent()
    {
        var first = nodes.First;
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var draft = await first.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments($"two-nodes-{i}"), CancellationToken.None));
            await first.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
            ids.Add(draft.Id);
        }

        var token = (await first.CreateTokenAsync(IdentityTestSupport.Alice)).Token;
        var watchers = new List<(Guid Id, HubWatcher OnFirst, HubWatcher OnSecond)>();
        try
        {
            foreach (var id in ids)
            {
                var onFirst = await HubWatcher.ConnectAsync<Program>(first, token);
                var onSecond = await HubWatcher.ConnectAsync<Program>(nodes.Second, token);
                await onFirst.Connection.InvokeAsync<int>("Watch", id, 0L);
                await onSecond.Connection.InvokeAsync<int>("Watch", id, 0L);
                watchers.Add((id, onFirst, onSecond));
            }

            foreach (var id in ids)
            {
                await first.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, id, null, CancellationToken.None));
            }

            foreach (var (id, onFirst, onSecond) in watchers)
            {
                var view = await first.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
                Assert.True(view.Status == EnvironmentStatus.Ready, $"{view.Status}: {view.FailureReason}");
                first.AssertSeedResourcesOnce(view);
                var job = Assert.Single(await first.JobsOfAsync(id));
                Assert.Equal((JobState.Succeeded, 1L, 1), (job.State, job.LeaseToken, job.Attempts));

                await onFirst.Ready.WaitAsync(ProvisioningHarness.Patience);
                await onSecond.Ready.WaitAsync(ProvisioningHarness.Patience);
                var stored = await first.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));
                Assert.Equal(stored.Select(e => e.Sequence), onFirst.Sequences);
                Assert.Equal(stored.Select(e => e.Sequence), onSecond.Sequences);
            }
        }
        finally
        {
            foreach (var (_, onFirst, onSecond) in watchers)
            {
                await onFirst.DisposeAsync();
                await onSecond.DisposeAsync();
            }
        }
    }
}
