using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Sandbox.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// Registers the sandbox cloud for the project's service-collection extension to call in Sandbox mode:
/// the state store <c>Kund:Sandbox:StatePath</c> names, the cloud, and the
/// <see cref="SandboxHttpClientFactory"/> to hand to every AWS client config.
/// </summary>
internal static class SandboxServiceRegistration
{
    public static IServiceCollection AddSandboxCloud(this IServiceCollection services)
    {
        services.AddKundOptions();
        services.TryAddSingleton<ISandboxStateStore>(sp =>
            Options(sp).StatePath is { Length: > 0 } path
                ? new JsonFileSandboxStateStore(path)
                : new InMemorySandboxStateStore());
        services.TryAddSingleton(sp => new SandboxCloud(
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ISandboxStateStore>()));
        services.TryAddSingleton(sp => new SandboxHttpClientFactory(sp.GetRequiredService<SandboxCloud>()));
        services.TryAddSingleton(sp => new SandboxEndpoint(sp.GetRequiredService<SandboxCloud>()));
        return services;
    }

    private static SandboxOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<KundOptions>>().Value.Sandbox;
}
