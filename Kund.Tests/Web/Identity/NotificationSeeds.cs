using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>What the notification and webhook rows of the matrix need: a webhook of team-a, a notification of the caller.</summary>
internal static class NotificationSeeds
{
    public static async Task<Guid> WebhookAsync(MatrixSeed seed)
    {
        await using var scope = seed.Services.CreateAsyncScope();
        var admin = await seed.App.UserAsync(IdentityTestSupport.Admin);
        var created = await scope.ServiceProvider.GetRequiredService<WebhookStore>()
            .CreateAsync(admin, "team-a", "https://hooks.example.com/matrix", [KundEvents.Ready], CancellationToken.None);
        return created.Webhook.Id;
    }

    public static async Task<Guid> NotificationAsync(MatrixSeed seed, Caller caller)
    {
        await using var scope = seed.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        var notification = new Notification
        {
            Id = Guid.NewGuid(),
            Recipient = caller switch
            {
                Caller.Alice => IdentityTestSupport.Alice,
                Caller.Bob => IdentityTestSupport.Bob,
                Caller.Carol => IdentityTestSupport.Carol,
                Caller.Dave => IdentityTestSupport.Dave,
                Caller.Admin => IdentityTestSupport.Admin,
                Caller.Anonymous => "nobody@kund.dev",
            },
            Event = KundEvents.Ready,
            EnvironmentId = Guid.NewGuid(),
            EnvironmentName = "matrix",
            Team = "team-a",
            Message = "Ready",
            At = DateTimeOffset.UtcNow,
        };
        db.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }
}
