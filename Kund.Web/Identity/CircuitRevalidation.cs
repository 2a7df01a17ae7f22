using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Kund.Web.Identity;

/// <summary>
/// An open Blazor circuit keeps the principal it started with; this checks its security stamp every
/// <see cref="RevalidationInterval"/> and, after a sign-out (on any node), turns the circuit anonymous,
/// which sends its pages to sign-in.
/// </summary>
internal sealed class CircuitRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, SessionStamps stamps)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.AuthenticationType != KundSchemes.Cookie)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await stamps.IsCurrentAsync(authenticationState.User, scope.ServiceProvider.GetRequiredService<UserDirectory>(), cancellationToken);
    }
}
