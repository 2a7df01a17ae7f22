using Kund.Domain.Specs;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace Kund.Web.Components;

/// <summary>
/// The pages' door to the services. A circuit's DI scope lives as long as the browser tab, and a
/// <c>DbContext</c> must not be shared by overlapping calls (a progress push while a button click runs),
/// so every call here gets its own scope. The caller is the circuit's signed-in user.
/// </summary>
public sealed class KundServices(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, ICloudCatalog catalog)
{
    /// <summary>The signed-in user, or null.</summary>
    public async Task<KundUser?> UserAsync() => KundUser.FromPrincipal((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The signed-in user; refused when nobody is.</summary>
    public async Task<KundUser> CallerAsync() =>
        await UserAsync() ?? throw new AccessDeniedException("Nobody is signed in.");

    /// <summary>What the cloud offers (cached by the catalog; a singleton, safe to share).</summary>
    public Task<CloudCatalog> CatalogAsync() => catalog.GetAsync(CancellationToken.None);

    /// <summary>One read in its own scope.</summary>
    public async Task<T> QueryAsync<T>(Func<EnvironmentQueries, KundUser, Task<T>> query)
    {
        var caller = await CallerAsync();
        await using var scope = scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EnvironmentQueries>(), caller);
    }

    /// <summary>One command in its own scope (and so its own transaction).</summary>
    public async Task<T> CommandAsync<T>(Func<EnvironmentService, KundUser, Task<T>> command)
    {
        var caller = await CallerAsync();
        await using var scope = scopes.CreateAsyncScope();
        return await command(scope.ServiceProvider.GetRequiredService<EnvironmentService>(), caller);
    }

    /// <summary>Any scoped service, e.g. the audit queries or verifier.</summary>
    public async Task<T> WithAsync<TService, T>(Func<TService, KundUser, Task<T>> work)
        where TService : notnull
    {
        var caller = await CallerAsync();
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>(), caller);
    }
}
