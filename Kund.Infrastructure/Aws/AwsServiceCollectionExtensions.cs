using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Teardown;
using Kund.Infrastructure.Aws.Waiting;
using Kund.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers Kund's AWS clients, the nine resource drivers and <see cref="IResourceDriverSet"/>.
    /// <paramref name="transport"/> picks what is under the clients: null (or <see cref="AwsTransport.Network"/>)
    /// for real AWS; in Sandbox mode the composition root passes a factory that resolves the sandbox's
    /// <c>HttpClientFactory</c>. Options are <see cref="KundOptions.Aws"/>, adjusted by <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKundAws(
        this IServiceCollection services,
        Action<AwsOptions>? configure = null,
        Func<IServiceProvider, AwsTransport>? transport = null)
    {
        services.AddKundOptions();
        if (configure is not null)
        {
            services.PostConfigure<KundOptions>(options => configure(options.Aws));
        }

        // A sandbox that does not throttle has no buckets for the clients' copy to mirror: waiting on one would only
        // slow the calls down.
        services.PostConfigure<KundOptions>(options =>
            options.Aws.ClientRateLimit &= !(options.Aws.Mode == KundMode.Sandbox && !options.Sandbox.ThrottlingEnabled));
        services.AddSingleton(sp => new AwsClients(
            sp.GetRequiredService<IOptions<KundOptions>>().Value.Aws,
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
        services.AddSingleton<IResourceDriver, EksNodeGroupDriver>();
        services.AddSingleton<IResourceDriver, EksAddonDriver>();
        services.AddSingleton<IResourceDriver, EksAccessEntryDriver>();
        services.AddSingleton<IResourceDriver, KubernetesLoadBalancersDriver>();
        services.AddSingleton<IResourceDriver, KubernetesSecurityGroupsDriver>();
        services.AddSingleton<IResourceDriver, TeardownCheckDriver>();
        services.AddSingleton<IResourceDriverSet, ResourceDriverSet>();
        return services;
    }
}
