using System.Globalization;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Waiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers Kund's AWS clients, the nine resource drivers and <see cref="IResourceDriverSet"/>.
    /// <paramref name="transport"/> picks what is under the clients: null (or <see cref="AwsTransport.Network"/>)
    /// for real AWS; in Sandbox mode the composition root passes a factory that resolves the sandbox's
    /// <c>HttpClientFactory</c>. Options bind from <see cref="AwsOptions.SectionName"/> and may be adjusted by <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKundAws(
        this IServiceCollection services,
        Action<AwsOptions>? configure = null,
        Func<IServiceProvider, AwsTransport>? transport = null)
    {
        services.AddOptions<AwsOptions>()
            .BindConfiguration(AwsOptions.SectionName)
            .Configure<IConfiguration>(UseKundModeAndSandboxTimeScale)
            .Configure(options => configure?.Invoke(options))
            .Validate(o => o.MaxAttempts >= 1 && o.TimeScale > 0 && !string.IsNullOrWhiteSpace(o.Region), "Kund:Aws needs a region, MaxAttempts ≥ 1 and a positive TimeScale.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new AwsClients(
            sp.GetRequiredService<IOptions<AwsOptions>>().Value,
            transport?.Invoke(sp) ?? AwsTransport.Network,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NatGatewayStatusPoller>();

        services.AddSingleton<IResourceDriver, VpcDriver>();
        services.AddSingleton<IResourceDriver, SubnetDriver>();
        services.AddSingleton<IResourceDriver, InternetGatewayDriver>();
        services.AddSingleton<IResourceDriver, ElasticIpDriver>();
        services.AddSingleton<IResourceDriver, NatGatewayDriver>();
        services.AddSingleton<IResourceDriver, RouteTableDriver>();
        services.AddSingleton<IResourceDriver, IamRoleDriver>();
        services.AddSingleton<IResourceDriver, IamRolePolicyAttachmentDriver>();
        services.AddSingleton<IResourceDriver, EksClusterDriver>();
        services.AddSingleton<IResourceDriverSet, ResourceDriverSet>();
        return services;
    }

    /// <summary>
    /// <c>Kund:Mode</c> (architecture.md) picks the mode and, in Sandbox mode, <c>Kund:Sandbox:TimeScale</c>
    /// the time scale, unless <c>Kund:Aws</c> sets them itself: one setting, not two that could disagree.
    /// </summary>
    private static void UseKundModeAndSandboxTimeScale(AwsOptions options, IConfiguration configuration)
    {
        var aws = configuration.GetSection(AwsOptions.SectionName);
        if (aws[nameof(AwsOptions.Mode)] is null && Enum.TryParse<AwsTransportMode>(configuration["Kund:Mode"], ignoreCase: true, out var mode))
        {
            options.Mode = mode;
        }

        if (options.Mode == AwsTransportMode.Sandbox
            && aws[nameof(AwsOptions.TimeScale)] is null
            && double.TryParse(configuration["Kund:Sandbox:TimeScale"], NumberStyles.Float, CultureInfo.InvariantCulture, out var timeScale))
        {
            options.TimeScale = timeScale;
        }
    }
}
