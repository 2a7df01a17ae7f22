using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace Kund.Web.Identity;

/// <summary>The signed-in user of the current request or circuit, for pages and services that cannot see a principal.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    /// <summary>The user, or null when nobody is signed in.</summary>
    public async Task<KundUser?> GetAsync() => KundUser.FromPrincipal((await authentication.GetAuthenticationStateAsync()).User);
}
