using System.Net;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kund.Tests.Web.Identity.IdentityTestSupport;

namespace Kund.Tests.Web.Identity;

/// <summary>A session picks up role changes within minutes, and ends when the account is gone.</summary>
public class SessionRefreshTests(CapturingApp app) : IClassFixture<CapturingApp>
{
    [Fact]
    public async Task Session_RoleGrantedInDatabase_EffectiveAfterRefreshInterval()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInAsync(client, Dave, "/");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/tokens")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserDirectory>()
                .UpsertAsync(new UserProfile(Dave, "Dave Dahl", [], [KundRoles.Auditor, KundRoles.Admin]), CancellationToken.None);
        }

        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/tokens")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/tokens")).StatusCode);
    }
}
