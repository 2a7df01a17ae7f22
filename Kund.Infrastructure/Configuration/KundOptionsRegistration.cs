using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Configuration;

/// <summary>Binds the <c>Kund</c> tree once, whichever of the infrastructure's registrations asks first.</summary>
public static class KundOptionsRegistration
{
    /// <summary>
    /// <see cref="KundOptions"/> from <c>Kund</c>, validated on start; the AWS clients' mode and time scale
    /// are derived from <c>Kund:Mode</c>, <c>Kund:Sandbox:TimeScale</c> and <c>Kund:Sandbox:CloudUrl</c>, so there is one setting of each.
    /// Also the process's one <see cref="TimeProvider"/> (a test may have registered a fake one first).
    /// </summary>
    public static IServiceCollection AddKundOptions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<KundOptions>)))
        {
            return services;
        }

        services.AddSingleton<IValidateOptions<KundOptions>, KundOptionsValidator>();
        services.AddOptions<KundOptions>()
            .BindConfiguration(KundOptions.SectionName)
            .PostConfigure(options =>
            {
                options.Aws.Mode = options.ModeOrNull() ?? KundMode.Sandbox;
                options.Aws.TimeScale = options.Sandbox.TimeScale;
                if (options.Aws.Mode == KundMode.Sandbox && options.Sandbox.CloudUri is { } cloud)
                {
                    // Another node's cloud, reached as AWS's own clients reach it: its endpoint, its key.
                    options.Aws.EndpointUrl = cloud;
                    options.Aws.SandboxAccessKey = Sandbox.SandboxEndpoint.AccessKeyId;
                    options.Aws.SandboxSecretKey = Sandbox.SandboxEndpoint.SecretAccessKey;
                }
            })
            .ValidateOnStart();
        return services;
    }
}
