using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// A host whose own worker is off, so a test decides who leases what: short leases, fast polls, retries
/// at once, and a sandbox that lets many environments exist side by side.
/// </summary>
public class ManualWorkerApp : KundAppFactory
{
    public ManualWorkerApp()
    {
        Settings["Kund:Provisioning:RunWorker"] = "false";
        FastSettings(Settings);
    }

    public static void FastSettings(Dictionary<string, string?> settings)
    {
        // Long enough that a busy machine never lets a working node's lease lapse; the tests that want a lease
        // to expire take theirs with a short duration of their own.
        settings["Kund:Provisioning:LeaseDuration"] = "00:00:10";
        settings["Kund:Provisioning:HeartbeatInterval"] = "00:00:00.200";
        settings["Kund:Provisioning:PollInterval"] = "00:00:00.100";
        settings["Kund:Provisioning:RetryDelay"] = "00:00:00";
        settings["Kund:Sandbox:ThrottlingEnabled"] = "false";
        settings["Kund:Sandbox:VpcLimitPerRegion"] = "200";
        settings["Kund:Sandbox:AddressLimitPerRegion"] = "200";
    }
}

/// <summary>What the provisioning tests do to a host: approve, start extra workers, look at jobs and the sandbox.</summary>
public static class ProvisioningHarness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>The options of a worker started by a test: those of the host, but running.</summary>
    public static ProvisioningOptions Fast(TimeSpan? heartbeat = null) => new()
    {
        LeaseDuration = TimeSpan.FromSeconds(10),
        HeartbeatInterval = heartbeat ?? TimeSpan.FromMilliseconds(200),
        PollInterval = TimeSpan.FromMilliseconds(100),
        RetryDelay = TimeSpan.Zero,
        RunWorker = true,
    };

    /// <summary>Draft → submitted → approved by carol: a provisioning job is queued.</summary>
    public static Task<Guid> ApproveAsync(this KundAppFactory app, string name) => app.ApproveAsync(SeedSpecs.Payments(name));

    /// <summary>Draft of <paramref name="spec"/> by alice → submitted → approved by carol.</summary>
    public static async Task<Guid> ApproveAsync(this KundAppFactory app, Kund.Domain.Specs.EnvironmentSpec spec)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        return draft.Id;
    }

    /// <summary>A second (third…) worker in this process, as another node would run one.</summary>
    public static ProvisioningWorker StartWorker(this KundAppFactory app, ProvisioningOptions? options = null, JobRunner? runner = null)
    {
        var services = app.Services;
        var settings = Options.Create(options ?? Fast());
        runner ??= ActivatorUtilities.CreateInstance<JobRunner>(services, settings);
        var worker = ActivatorUtilities.CreateInstance<ProvisioningWorker>(services, settings, runner, new JobSignal());
        worker.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return worker;
    }

    /// <summary>A runner with its own options and probes (a node that is about to die, say).</summary>
    public static JobRunner CreateRunner(this KundAppFactory app, ProvisioningOptions options, params IProvisioningProbe[] probes) =>
        ActivatorUtilities.CreateInstance<JobRunner>(app.Services, Options.Create(options), (IEnumerable<IProvisioningProbe>)probes);

    public static async Task StopAsync(this IHostedService worker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.StopAsync(timeout.Token);
    }

    public static NpgsqlDataSource DataSource(this KundAppFactory app) => app.Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<List<Job>> JobsOfAsync(this KundAppFactory app, Guid environmentId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContextAsync();
        return await db.Set<Job>().AsNoTracking().Where(j => j.EnvironmentId == environmentId).OrderBy(j => j.Id).ToListAsync();
    }

    public static async Task<List<ResourceRecord>> RecordsOfAsync(this KundAppFactory app, Guid environmentId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContextAsync();
        return await db.Set<ResourceRecord>().AsNoTracking().Where(r => r.EnvironmentId == environmentId).OrderBy(r => r.Key).ToListAsync();
    }

    public static async Task<long> CountAsync(this KundAppFactory app, string table, Guid environmentId)
    {
        await using var command = app.DataSource().CreateCommand($"""select count(*) from {table} where "EnvironmentId" = $1""");
        command.Parameters.AddWithValue(environmentId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static SandboxCloud Cloud(this KundAppFactory app) => app.Services.GetRequiredService<SandboxCloud>();

    /// <summary>The environment's cloud resources (deleted NAT gateways included), by their <c>kund:resource</c> tag.</summary>
    public static Dictionary<string, int> CloudResourcesByKey(this KundAppFactory app, Guid environmentId) =>
        app.Cloud().Inventory()
            .Where(i => i.Tags.GetValueOrDefault("kund:environment") == environmentId.ToString())
            .GroupBy(i => i.Tags.GetValueOrDefault("kund:resource") ?? "?")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Exactly the seed environment in the cloud: each of its nineteen tagged resources once (the network, two
    /// roles, the cluster, its node group, four add-ons and the team's access entry), the cluster role with its one
    /// policy and the node role with its three attached once (attachments carry no tags).
    /// </summary>
    public static void AssertSeedResourcesOnce(this KundAppFactory app, EnvironmentView view)
    {
        var byKey = app.CloudResourcesByKey(view.Id);
        var tagged = view.Resources.Where(r => r.Kind != ResourceKind.IamRolePolicyAttachment).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(19, tagged.Count);
        Assert.Equal(tagged, byKey.Keys.Order(StringComparer.Ordinal));
        Assert.All(byKey, pair => Assert.True(pair.Value == 1, $"{pair.Key} exists {pair.Value} times in the cloud"));

        foreach (var (roleKey, policies) in new[] { (ResourceKeys.ClusterRole, 1), (ResourceKeys.NodeRole, 3) })
        {
            var roleName = view.Resources.Single(r => r.Key == roleKey).CloudId!;
            var attachments = app.Cloud().Inventory().Count(i => i.Kind == ResourceKind.IamRolePolicyAttachment && i.Id.StartsWith(roleName + "/", StringComparison.Ordinal));
            Assert.Equal(policies, attachments);
        }

        Assert.Equal(23, view.Resources.Count);
        Assert.All(view.Resources, r => Assert.True(r.State == ResourceState.Created && r.CloudId is not null, $"{r.Key} is {r.State} ({r.CloudId})"));
    }
}
