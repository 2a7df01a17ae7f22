using Kund.Infrastructure.Sandbox.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// Registers the sandbox cloud for the project's service-collection extension to call in Sandbox mode:
/// options from <c>Kund:Sandbox</c>, the state store its <c>StatePath</c> names, the cloud, and the
/// <see cref="SandboxHttpClientFactory"/> to hand to every AWS client config.
/// </summary>
internal static class SandboxServiceRegistration
{
    public static IServiceCollection AddSandboxCloud(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .Validate(o => o.TimeScale >= 1, "Kund:Sandbox:TimeScale must be at least 1.")
            .Validate(o => o.AccountId is { Length: 12 } id && id.All(char.IsAsciiDigit), "Kund:Sandbox:AccountId must be 12 digits.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISandboxStateStore>(sp =>
            sp.GetRequiredService<IOptions<SandboxOptions>>().Value.StatePath is { Length: > 0 } path
                ? new JsonFileSandboxStateStore(path)
                : new InMemorySandboxStateStore());
        services.TryAddSingleton(sp => new SandboxCloud(
            sp.GetRequiredService<IOptions<SandboxOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ISandboxStateStore>()));
        services.TryAddSingleton(sp => new SandboxHttpClientFactory(sp.GetRequiredService<SandboxCloud>()));
        return services;
    }
}
