using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Kund.Infrastructure.Sandbox;
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
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        AddConfiguration(builder.Services);
        AddPersistence(builder.Services, builder.Configuration);
        AddAudit(builder.Services);
        AddCloud(builder.Services, options);
        AddEnvironments(builder.Services);
        AddJobs(builder.Services);
        AddIdentity(builder.Services, options);
        return builder;
    }

    /// <summary>
    /// Reads and validates <c>Kund</c> settings now, because registrations depend on the mode.
    /// A wrong value throws <see cref="StartupConfigurationException"/> with one line naming it.
    /// </summary>
    public static KundOptions ReadOptions(IConfiguration configuration)
    {
        var options = new KundOptions();
        try
        {
            configuration.GetSection(KundOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupConfigurationException(ex.Message, ex);
        }

        var result = new KundOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new StartupConfigurationException(string.Join(" ", result.Failures));
        }

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName)))
        {
            throw new StartupConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not set; expected an Npgsql connection string such as 'Host=127.0.0.1;Port=5432;Database=kund;Username=kund' (./run.sh sets it).");
        }

        return options;
    }

    private static void AddConfiguration(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<KundOptions>, KundOptionsValidator>();
        services.AddOptions<KundOptions>().BindConfiguration(KundOptions.SectionName).ValidateOnStart();
    }

    private static void AddPersistence(IServiceCollection services, IConfiguration configuration)
    {
        // One data source per process: EF Core, the workers' leasing and the LISTEN connection share its pool.
        services.AddSingleton(_ => NpgsqlDataSource.Create(configuration.GetConnectionString(ConnectionStringName)!));
        services.AddDbContextFactory<KundDbContext>((sp, db) => db.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContext());
        services.AddSingleton<MigrationState>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"]);
    }

    private static void AddAudit(IServiceCollection services)
    {
        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditQueries>();
    }

    /// <summary>The AWS clients and drivers; in Sandbox mode over the sandbox cloud's transport, never the network.</summary>
    private static void AddCloud(IServiceCollection services, KundOptions options)
    {
        if (options.ParsedMode == KundMode.Sandbox)
        {
            services.AddSandboxCloud();
            services.AddKundAws(
                aws =>
                {
                    aws.Mode = AwsTransportMode.Sandbox;
                    aws.TimeScale = options.Sandbox.TimeScale;
                },
                sp => new AwsTransport(sp.GetRequiredService<SandboxHttpClientFactory>()));
        }
        else
        {
            services.AddKundAws();
        }

        services.AddSingleton<ICloudCatalog, CloudCatalogSource>();
    }

    private static void AddEnvironments(IServiceCollection services)
    {
        services.AddSingleton<ProgressWriter>();
        services.AddSingleton<ProgressBroadcaster>();
        services.AddScoped<EnvironmentService>();
        services.AddScoped<EnvironmentQueries>();
        services.AddScoped<AccountQuotas>();
        services.AddHostedService<ExpiryService>();
    }

    private static void AddJobs(IServiceCollection services)
    {
        services.AddOptions<ProvisioningOptions>()
            .BindConfiguration(ProvisioningOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.HeartbeatInterval * 2 <= o.LeaseDuration,
                "Kund:Provisioning:HeartbeatInterval must be at most half of Kund:Provisioning:LeaseDuration, so a lease is renewed before it lapses.")
            .ValidateOnStart();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<PostgresNotificationListener>();
        services.AddSingleton<ProvisioningWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ProvisioningWorker>());
    }

    private static void AddIdentity(IServiceCollection services, KundOptions options)
    {
        services.AddScoped<UserDirectory>();
        services.AddScoped<ApiTokens>();
        services.AddSingleton<TokenRevocations>();
        if (options.ParsedMode == KundMode.Sandbox)
        {
            // After the migrator (hosted services start in registration order).
            services.AddHostedService<SandboxUserSeeder>();
        }
    }
}
