using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddDbContext<KundDbContext>(db => db.UseNpgsql(connectionString));
        services.AddSingleton<MigrationState>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"]);
    }

    private static void AddAudit(IServiceCollection services)
    {
        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditVerifier>();
    }

    private static void AddIdentity(IServiceCollection services, KundOptions options)
    {
        services.AddScoped<UserDirectory>();
        services.AddScoped<ApiTokens>();
        if (options.ParsedMode == KundMode.Sandbox)
        {
            // After the migrator (hosted services start in registration order).
            services.AddHostedService<SandboxUserSeeder>();
        }
    }
}
