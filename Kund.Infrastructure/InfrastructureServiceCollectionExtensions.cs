using Kund.Domain.Teams;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.ClusterOffers;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Kubeconfig;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Teams;
using Kund.Infrastructure.Terraform;
using Kund.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kund.Infrastructure;

/// <summary>Registers everything that talks to the outside. Explicit registrations, one private helper per feature.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    public const string ConnectionStringName = "Kund";

    public static IHostApplicationBuilder AddKundInfrastructure(this IHostApplicationBuilder builder)
    {
        var mode = builder.KundModeOf();
        builder.Services.AddKundOptions();
        AddPersistence(builder.Services, builder.Configuration);
        AddAudit(builder.Services, mode);
        AddCloud(builder.Services, mode);
        AddEnvironments(builder.Services);
        AddTeams(builder.Services);
        AddJobs(builder.Services);
        AddDrift(builder.Services);
        AddNotifications(builder.Services);
        AddIdentity(builder.Services, mode);
        return builder;
    }

    /// <summary>
    /// The mode registrations depend on (which cloud, which sign-in), read once per builder. A value that
    /// names no mode registers as Sandbox, which never reaches the network, and the options' validation
    /// then stops start-up with one line naming <c>Kund:Mode</c>.
    /// </summary>
    public static KundMode KundModeOf(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(KundMode), out var known))
        {
            return (KundMode)known;
        }

        var configured = new KundOptions { Mode = builder.Configuration[$"{KundOptions.SectionName}:{nameof(KundOptions.Mode)}"] ?? nameof(KundMode.Sandbox) };
        var mode = configured.ModeOrNull() ?? KundMode.Sandbox;
        builder.Properties[typeof(KundMode)] = mode;
        return mode;
    }

    private static void AddPersistence(IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName)))
        {
            throw new StartupConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not set; expected an Npgsql connection string such as 'Host=127.0.0.1;Port=5432;Database=kund;Username=kund' (./run.sh sets it).");
        }

        // One data source per process: EF Core, the workers' leasing and the LISTEN connection share its pool.
        services.AddSingleton(_ => NpgsqlDataSource.Create(configuration.GetConnectionString(ConnectionStringName)!));
        services.AddDbContextFactory<KundDbContext>((sp, db) => db.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContext());
        services.AddSingleton<MigrationState>();
        services.AddSingleton<SchemaMigrations>();
        services.AddHostedService<DatabaseMigrator>();
        // After the migrator (hosted services start in registration order).
        services.AddHostedService<BlueprintFolder>();
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"]);
    }

    private static void AddAudit(IServiceCollection services, KundMode mode)
    {
        // Kund:Audit is part of the KundOptions tree: a missing or short key in Aws mode stops start-up with one line.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KundOptions>>().Value.Audit.ResolveKey(mode));
        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditQueries>();
        services.AddHostedService<AuditCheckpointer>();
    }

    /// <summary>The AWS clients and drivers; in Sandbox mode over the sandbox cloud's transport, never the network.</summary>
    private static void AddCloud(IServiceCollection services, KundMode mode)
    {
        if (mode == KundMode.Sandbox)
        {
            // With Kund:Sandbox:CloudUrl the clients call another node's sandbox endpoint over HTTP (AwsOptions.EndpointUrl);
            // this node's own cloud still serves its /sandbox/aws, unused by its workers.
            services.AddSandboxCloud();
            services.AddKundAws(transport: sp => sp.GetRequiredService<IOptions<KundOptions>>().Value.Aws.EndpointUrl is null
                ? new AwsTransport(sp.GetRequiredService<SandboxHttpClientFactory>())
                : AwsTransport.Network);
        }
        else
        {
            services.AddKundAws();
        }

        services.AddSingleton<ICloudCatalog, CloudCatalogSource>();
        services.AddSingleton<EksOffers>();
        services.AddScoped<KubeconfigSource>();
        services.AddScoped<TerraformExportSource>();
        services.AddScoped<BlueprintStore>();
        services.AddScoped<BlueprintEnvironments>();
    }

    private static void AddEnvironments(IServiceCollection services)
    {
        services.AddSingleton<ProgressWriter>();
        services.AddSingleton<ProgressBroadcaster>();
        services.AddSingleton<EnvironmentLifecycle>();
        services.AddScoped<EnvironmentService>();
        services.AddScoped<Revisions.RevisionService>();
        services.AddScoped<EnvironmentQueries>();
        services.AddScoped<EnvironmentPageQueries>();
        services.AddScoped<ApprovalQueue>();
        services.AddScoped<ExtensionQueries>();
        services.AddScoped<AccountQuotas>();
        services.AddScoped<Leftovers.LeftoversService>();
        services.AddHostedService<ExpiryService>();
    }

    private static void AddTeams(IServiceCollection services)
    {
        services.AddSingleton<TeamPolicyStore>();
        services.AddSingleton<ITeamPolicies>(sp => sp.GetRequiredService<TeamPolicyStore>());
        services.AddScoped<TeamSpend>();
    }

    private static void AddJobs(IServiceCollection services)
    {
        // The Kund:Provisioning part of the one KundOptions tree, for the workers and runners that take only it.
        services.AddSingleton<IOptions<ProvisioningOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<KundOptions>>().Value.Provisioning));
        services.AddSingleton<JobQueue>();
        services.AddSingleton<IEnvironmentJobs>(sp => sp.GetRequiredService<JobQueue>());
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<PostgresNotificationListener>();
        services.AddSingleton<ProvisioningWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ProvisioningWorker>());
    }

    /// <summary>Drift checks: the read-only checker, the pass that runs them, and the monitor on every node.</summary>
    private static void AddDrift(IServiceCollection services)
    {
        services.AddOptions<DriftOptions>()
            .BindConfiguration(DriftOptions.SectionName)
            .Validate(o => o.Problem() is null, "Kund:Drift is not valid: check PollInterval, ReadsPerSecond, MaxEnvironmentsPerPass and ClaimTimeout.")
            .ValidateOnStart();
        services.AddSingleton<DriftSignal>();
        services.AddSingleton<DriftChecker>();
        services.AddSingleton<DriftRunner>();
        services.AddScoped<DriftService>();
        services.AddScoped<DriftActions>();
        services.AddScoped<UnmanagedActions>();
        services.AddHostedService<DriftMonitor>();
    }

    /// <summary>Notifications and webhooks: the outbox every event writes through, the inbox, and the durable sender.</summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.Problem() is null, "Kund:Webhooks is not valid: check PollInterval, FirstRetryDelay, MaxRetryDelay, GiveUpAfter, Timeout and BatchSize.")
            .ValidateOnStart();
        services.AddSingleton<EventOutbox>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<WebhookStore>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Kund-Webhooks/1"));
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
    }

    private static void AddIdentity(IServiceCollection services, KundMode mode)
    {
        services.AddScoped<UserDirectory>();
        services.AddScoped<ApiTokens>();
        services.AddSingleton<TokenRevocations>();
        if (mode == KundMode.Sandbox)
        {
            // After the migrator (hosted services start in registration order).
            services.AddHostedService<SandboxUserSeeder>();
        }
    }
}
