using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kund.Infrastructure.Identity;

/// <summary>Seeds the demo users in Sandbox mode at start; idempotent. Registered after the migrator, so the schema is there.</summary>
public sealed class SandboxUserSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        foreach (var profile in SandboxUsers.All)
        {
            await users.UpsertAsync(profile, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
